package dev.prodguard.web;

import dev.prodguard.guardian.Guardian;
import dev.prodguard.monitor.SamplerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The guardian's {@code /metrics} in Prometheus text format: last snapshot age, snapshot and
 * restore-test outcomes, open alerts, and each sampler's last values ({@code prodguard_monitor_value}
 * with {@code sampler} and {@code metric} labels). Everything is read from the guardian at scrape time.
 */
public final class GuardianMetrics {
    private final Guardian guardian;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> monitorGauges = new HashSet<>();

    /** Registers the guardian's meters. */
    public GuardianMetrics(Guardian guardian) {
        this.guardian = guardian;
        Gauge.builder("prodguard.last.snapshot.age.seconds", guardian, g -> {
            Long age = g.health().lastSnapshot().ageSeconds();
            return age == null ? Double.NaN : age;
        }).description("Seconds since the last committed snapshot finished (NaN: none yet)").register(registry);
        Gauge.builder("prodguard.open.alerts", guardian, g -> g.alerts().active().size())
                .description("Alerts open or flapping").register(registry);
        counter("prodguard.snapshots", "success", g -> g.snapshotStatus().successes(), "Scheduled snapshots");
        counter("prodguard.snapshots", "failure", g -> g.snapshotStatus().failures(), "Scheduled snapshots");
        counter("prodguard.restore.tests", "success", g -> g.restoreTestStatus().successes(), "Scheduled restore tests");
        counter("prodguard.restore.tests", "failure", g -> g.restoreTestStatus().failures(), "Scheduled restore tests");
    }

    private void counter(String name, String result, ToDoubleFunction<Guardian> f, String description) {
        FunctionCounter.builder(name, guardian, f).tag("result", result)
                .description(description + " since the guardian started, by result").register(registry);
    }

    /** The current exposition (Prometheus text format 0.0.4). */
    public synchronized String scrape() {
        registerNewMonitorValues();
        return registry.scrape();
    }

    private void registerNewMonitorValues() {
        for (SamplerStatus s : guardian.monitor().status()) {
            for (String metric : s.lastValues().keySet()) {
                if (monitorGauges.add(s.name() + "\u0000" + metric)) {
                    String sampler = s.name();
                    Gauge.builder("prodguard.monitor.value", guardian, g -> lastValue(g, sampler, metric))
                            .tag("sampler", sampler).tag("metric", metric)
                            .description("The last value a monitoring sampler read").register(registry);
                }
            }
        }
    }

    private static double lastValue(Guardian g, String sampler, String metric) {
        for (SamplerStatus s : g.monitor().status()) {
            if (s.name().equals(sampler)) {
                Double v = s.lastValues().get(metric);
                return v == null ? Double.NaN : v;
            }
        }
        return Double.NaN;
    }
}
