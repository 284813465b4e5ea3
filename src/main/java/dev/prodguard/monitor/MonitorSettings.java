package dev.prodguard.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code monitor:} section of prodguard.yml, validated: sampling interval and alert
 * thresholds, each with the documented default (the guide's: 80 % of the connection limit,
 * operations over 100 ms, 80 % of the storage quota, any election).
 *
 * @param interval how often the monitor samples ({@code interval_seconds}, default 60)
 * @param connectionLimit the tier's connection limit ({@code connection_limit}); empty: the
 *     server's current + available when it reports them, else {@link #M0_CONNECTIONS}
 * @param connectionsPct alert above this share of the limit ({@code connections_alert_pct}, 80)
 * @param slowOpMs an operation at least this slow is slow ({@code slow_op_ms}, 100)
 * @param quotaBytes storage quota ({@code quota_mb}); empty: 512 MB when the server is an Atlas
 *     free/Flex cluster (it answers {@code atlasSize}), else no storage alert
 * @param storagePct alert above this share of the quota ({@code storage_alert_pct}, 80)
 * @param clearMarginPct a raised share alert clears only this many points below its threshold
 *     ({@code clear_margin_pct}, 5): no flapping at the threshold
 * @param clearAfterSamples samples without a slow operation before that alert resolves
 *     ({@code clear_after_samples}, 3)
 * @param electionQuiet an election alert resolves after this long without another primary change
 *     ({@code election_quiet_minutes}, 30)
 * @param maxCollections collections measured for growth at most ({@code max_collections}, 100)
 */
public record MonitorSettings(Duration interval, OptionalLong connectionLimit, int connectionsPct, long slowOpMs,
        OptionalLong quotaBytes, int storagePct, int clearMarginPct, int clearAfterSamples, Duration electionQuiet,
        int maxCollections) {
    /** Atlas M0's connection limit. */
    public static final long M0_CONNECTIONS = 500;
    /** Atlas M0's storage quota, 512 MB. */
    public static final long M0_QUOTA_BYTES = 512L * 1024 * 1024;
    /** Every key the section accepts. */
    public static final List<String> KEYS = List.of("interval_seconds", "connection_limit", "connections_alert_pct",
            "slow_op_ms", "quota_mb", "storage_alert_pct", "clear_margin_pct", "clear_after_samples",
            "election_quiet_minutes", "max_collections");

    /** The defaults (an empty {@code monitor:} section). */
    public static final MonitorSettings DEFAULTS = new MonitorSettings(Duration.ofSeconds(60), OptionalLong.empty(),
            80, 100, OptionalLong.empty(), 80, 5, 3, Duration.ofMinutes(30), 100);

    /** Reads and validates the section. @throws ProdguardException CONFIG naming the key and the bound */
    public static MonitorSettings from(Settings settings) {
        return from(settings.section("monitor"));
    }

    /** Reads and validates a {@code monitor:} node (missing: defaults). @throws ProdguardException CONFIG */
    public static MonitorSettings from(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return DEFAULTS;
        }
        if (!n.isObject()) {
            throw ProdguardException.config("prodguard.yml: 'monitor' must be a section of keys (" + String.join(", ", KEYS)
                    + ")");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw ProdguardException.config("prodguard.yml: unknown key 'monitor." + k + "'; known keys: "
                        + String.join(", ", KEYS));
            }
        }
        MonitorSettings d = DEFAULTS;
        long interval = number(n, "interval_seconds", d.interval.toSeconds(), 5, 3600);
        OptionalLong limit = n.has("connection_limit")
                ? OptionalLong.of(number(n, "connection_limit", 0, 1, 10_000_000)) : OptionalLong.empty();
        OptionalLong quota = n.has("quota_mb")
                ? OptionalLong.of(number(n, "quota_mb", 0, 1, 1L << 30) * 1024 * 1024) : OptionalLong.empty();
        int connPct = (int) number(n, "connections_alert_pct", d.connectionsPct, 1, 100);
        int storagePct = (int) number(n, "storage_alert_pct", d.storagePct, 1, 100);
        int margin = (int) number(n, "clear_margin_pct", d.clearMarginPct, 0, 50);
        if (margin >= Math.min(connPct, storagePct)) {
            throw ProdguardException.config("prodguard.yml: 'monitor.clear_margin_pct' (" + margin + ") must be below"
                    + " connections_alert_pct and storage_alert_pct");
        }
        return new MonitorSettings(Duration.ofSeconds(interval), limit, connPct,
                number(n, "slow_op_ms", d.slowOpMs, 1, 3_600_000), quota, storagePct, margin,
                (int) number(n, "clear_after_samples", d.clearAfterSamples, 1, 1000),
                Duration.ofMinutes(number(n, "election_quiet_minutes", d.electionQuiet.toMinutes(), 1, 10_080)),
                (int) number(n, "max_collections", d.maxCollections, 1, 10_000));
    }

    private static long number(JsonNode n, String key, long fallback, long min, long max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        long x;
        if (v.isIntegralNumber()) {
            x = v.asLong();
        } else if (v.isTextual() && v.asText().trim().matches("\\d+")) {
            x = Long.parseLong(v.asText().trim());
        } else {
            throw ProdguardException.config("prodguard.yml: 'monitor." + key + "' must be a whole number, got '"
                    + v.asText() + "'");
        }
        if (x < min || x > max) {
            throw ProdguardException.config("prodguard.yml: 'monitor." + key + "' is " + x + "; it must be between "
                    + min + " and " + max);
        }
        return x;
    }
}
