package dev.prodguard.guardian;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import java.time.Duration;

/**
 * The graces of {@code /health}: how long the database may be unreachable before the guardian reports
 * {@code failing} ({@code PRODGUARD_HEALTH_GRACE_S}, 15 s), how long the first snapshot may take before its
 * absence reads as {@code failing} instead of {@code starting} ({@link #FIRST_SNAPSHOT_GRACE}), and how
 * often the database is pinged (a quarter of the grace, between 250 ms and 5 s).
 */
record HealthPolicy(Duration databaseGrace, Duration firstSnapshotGrace) {
    /** How long the first snapshot may take before "no snapshot yet" reads as failing rather than starting. */
    static final Duration FIRST_SNAPSHOT_GRACE = Duration.ofMinutes(10);

    static HealthPolicy from(Settings settings) {
        return new HealthPolicy(Duration.ofSeconds(settings.longValue(ConfigKey.HEALTH_GRACE)), FIRST_SNAPSHOT_GRACE);
    }

    /** How often the database is pinged. */
    Duration probeEvery() {
        Duration quarter = databaseGrace.dividedBy(4);
        Duration min = Duration.ofMillis(250);
        Duration max = Duration.ofSeconds(5);
        return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
    }
}
