package dev.prodguard.monitor;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The guide's monitoring alerts, evaluated on each round's samples and raised/resolved through the
 * {@link AlertManager}: connections above a share of the limit, operations slower than the
 * threshold, storage above a share of the quota, and an election (resolved after a quiet period).
 * Share rules clear only {@code clear_margin_pct} points below their threshold; the slow-operation
 * rule clears after {@code clear_after_samples} clean samples. While raised, every round raises
 * again (the manager keeps that silent apart from reminders). A rule whose metric has no source
 * on this server never fires. State starts from the alerts already open, so a restart resolves them.
 */
public final class MonitorRules {
    /** Alert keys (one alert each). */
    public static final String CONNECTIONS = "monitor:connections";
    public static final String SLOW_OPS = "monitor:slow-operations";
    public static final String STORAGE = "monitor:storage";
    public static final String ELECTION = "monitor:election";

    private static final double CRITICAL_SHARE = 0.95;
    private static final double MB = 1024.0 * 1024.0;

    private final MonitorSettings settings;
    private final AlertManager alerts;
    private final Hysteresis connections;
    private final Hysteresis slowOps;
    private final Hysteresis storage;
    private Instant lastElection;

    /** Rules with the given thresholds, starting from the alerts {@code alerts} has open. */
    public MonitorRules(MonitorSettings settings, AlertManager alerts, Instant now) {
        this.settings = settings;
        this.alerts = alerts;
        Set<String> open = alerts.active().stream().map(a -> a.key()).collect(Collectors.toSet());
        double margin = settings.clearMarginPct() / 100.0;
        double conn = settings.connectionsPct() / 100.0;
        double stor = settings.storagePct() / 100.0;
        connections = new Hysteresis(conn, conn - margin, 1, open.contains(CONNECTIONS));
        storage = new Hysteresis(stor, stor - margin, 1, open.contains(STORAGE));
        slowOps = new Hysteresis(settings.slowOpMs(), settings.slowOpMs(), settings.clearAfterSamples(),
                open.contains(SLOW_OPS));
        lastElection = open.contains(ELECTION) ? now : null;
    }

    /** Evaluates one round: its samples, the slow operations and the primary changes it found. */
    public void evaluate(Instant now, List<Sample> samples, List<SlowOperation> slow, List<PrimaryChange> changes) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.subject().isEmpty()) {
                v.put(s.metric(), s.value());
            }
        }
        if (v.containsKey("connections.share")) {
            apply(connections.update(v.get("connections.share")), () -> connectionsSpec(v), CONNECTIONS);
        }
        if (v.containsKey("slowops.max_ms")) {
            apply(slowOps.update(v.get("slowops.max_ms")), () -> slowSpec(v, slow), SLOW_OPS);
        }
        if (v.containsKey("storage.quota_share")) {
            apply(storage.update(v.get("storage.quota_share")), () -> storageSpec(v), STORAGE);
        }
        elections(now, changes);
    }

    private void apply(Hysteresis.Change change, java.util.function.Supplier<AlertSpec> spec, String key) {
        if (change.raised()) {
            alerts.raise(spec.get());
        } else if (change == Hysteresis.Change.CLEARED) {
            alerts.resolve(key);
        }
    }

    private void elections(Instant now, List<PrimaryChange> changes) {
        if (!changes.isEmpty()) {
            lastElection = now;
            PrimaryChange last = changes.get(changes.size() - 1);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("primary now", last.to());
            d.put("changes", changes.stream().map(PrimaryChange::describe).toList());
            d.put("seen by", last.seenBy());
            d.put("what to do", "check the application reconnected; frequent elections point at an unhealthy member"
                    + " or platform maintenance");
            alerts.raise(new AlertSpec(ELECTION, "election", Severity.WARNING,
                    "Replica-set election: primary changed " + last.describe(), d));
        } else if (lastElection != null
                && Duration.between(lastElection, now).compareTo(settings.electionQuiet()) >= 0) {
            lastElection = null;
            alerts.resolve(ELECTION);
        }
    }

    private AlertSpec connectionsSpec(Map<String, Double> v) {
        double share = v.get("connections.share");
        long current = Math.round(v.getOrDefault("connections.current", 0.0));
        long limit = Math.round(v.getOrDefault("connections.limit", 0.0));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("current", current);
        d.put("limit", limit);
        d.put("threshold", settings.connectionsPct() + " %");
        d.put("what to do", "look for connection leaks (one client per process, pooled); raise the tier or"
                + " monitor.connection_limit if the load is real");
        return new AlertSpec(CONNECTIONS, "connections-high", share >= CRITICAL_SHARE ? Severity.CRITICAL
                : Severity.WARNING, "Connections at " + current + " of " + limit + " (" + pct(share) + ")", d);
    }

    private AlertSpec slowSpec(Map<String, Double> v, List<SlowOperation> slow) {
        long max = Math.round(v.get("slowops.max_ms"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("slowest", max + " ms");
        d.put("threshold", settings.slowOpMs() + " ms");
        d.put("operations", slow.stream().limit(5).map(o -> o.op() + " " + o.ns() + " " + o.millis() + " ms").toList());
        d.put("what to do", "check the query plans (explain) of these operations and add the missing indexes");
        return new AlertSpec(SLOW_OPS, "slow-operations", Severity.WARNING,
                "Operations slower than " + settings.slowOpMs() + " ms (slowest " + max + " ms)", d);
    }

    private AlertSpec storageSpec(Map<String, Double> v) {
        double share = v.get("storage.quota_share");
        double used = v.getOrDefault("storage.used_bytes", 0.0) / MB;
        double quota = v.getOrDefault("storage.quota_bytes", 0.0) / MB;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("used", String.format(java.util.Locale.ROOT, "%.1f MB", used));
        d.put("quota", String.format(java.util.Locale.ROOT, "%.0f MB", quota));
        d.put("threshold", settings.storagePct() + " %");
        d.put("what to do", "archive or delete old data, drop unused indexes, or move to a larger tier before"
                + " writes are refused at the quota");
        return new AlertSpec(STORAGE, "storage-quota", share >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING,
                String.format(java.util.Locale.ROOT, "Storage at %.1f MB of the %.0f MB quota (%s)", used, quota,
                        pct(share)), d);
    }

    private static String pct(double share) {
        return Math.round(share * 100) + " %";
    }
}
