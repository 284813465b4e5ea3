package dev.prodguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.monitor.Sample;
import dev.prodguard.monitor.SampleStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quarter of monitoring history at the guardian's default rates (storage every 5 minutes, connections and operations
 * every minute: about 390,000 samples, older than 35 days rolled up into hours as the guardian does), then the
 * quarterly report over it: how long it takes and that the fit still finds the curve. Slow: {@code mvn -Pfull test}.
 */
@Tag("slow")
class ReportScaleTest {
    @TempDir
    Path dir;

    @Test
    void aQuarterOfHistoryAtTheGuardiansRates() {
        Instant now = Instant.parse("2026-12-07T06:00:00Z");
        Instant start = now.minus(Duration.ofDays(91));
        long written = 0;
        try (SampleStore store = SampleStore.open(dir)) {
            List<Sample> batch = new ArrayList<>();
            for (long m = 0; m < Duration.ofDays(91).toMinutes(); m++) {
                Instant at = start.plus(Duration.ofMinutes(m));
                double day = m / 1440.0;
                batch.add(Sample.of("connections.current", at, 30 + day * 0.5 + (m % 7)));
                batch.add(Sample.of("ops.query.rate", at, 20 + (m % 11)));
                batch.add(Sample.of("ops.insert.rate", at, 5));
                if (m % 5 == 0) {
                    batch.add(Sample.of("storage.used_bytes", at, (60 + 3 * day) * 1024 * 1024 + (m % 13) * 40_000));
                }
                if (batch.size() >= 20_000) {
                    store.add(batch);
                    written += batch.size();
                    batch.clear();
                }
            }
            store.add(batch);
            written += batch.size();
            store.applyRetention(now);
            Settings settings = new SettingsLoader(Map.of("DB_NAME", "shop", "PRODGUARD_STATE_DIR", dir.toString(),
                    "PRODGUARD_TIER", "M0"), dir, dir).load();
            long t0 = System.nanoTime();
            Report r = new ReportService(settings, store, null, null, Clock.fixed(now, ZoneOffset.UTC)).build(Period.QUARTERLY);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String html = ReportHtml.render(r);
            System.out.printf("ReportScaleTest: %,d samples over 91 days; quarterly report built in %d ms; HTML %,d bytes,"
                    + " JSON %,d bytes%n", written, ms, html.length(), ReportJson.text(r).length());
            CapacityAdvice.Limit storage = r.capacity().limits().get(0);
            // 60 MiB + 3 MiB a day: 333 MiB after 91 days, M0's 512 MiB 59.7 days later
            assertThat(storage.verdict()).isEqualTo(CapacityAdvice.Verdict.GROWING);
            assertThat(storage.perDay() / 1024 / 1024).isBetween(2.9, 3.1);
            assertThat(Duration.between(Instant.parse("2027-02-04T22:00:00Z"), storage.expected()).abs())
                    .isLessThan(Duration.ofDays(2));
            assertThat(r.capacity().limits().get(1).verdict()).isEqualTo(CapacityAdvice.Verdict.GROWING);
            assertThat(html).contains("Quarterly maintenance report: shop");
            assertThat(ms).as("a generous hang guard, not a benchmark").isLessThan(60_000);
        }
    }
}
