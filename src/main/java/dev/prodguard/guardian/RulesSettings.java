package dev.prodguard.guardian;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import java.time.Duration;

/**
 * Thresholds of the guardian's repository rules (validated with the rest of the configuration at load):
 * whether capture is expected ({@code PRODGUARD_CAPTURE_EXPECTED}), after how long without a
 * commit capture counts as stopped ({@code PRODGUARD_CAPTURE_STOPPED_AFTER_S}, 30 s), how far
 * behind a commit may be ({@code PRODGUARD_CAPTURE_LAG_ALERT_S}, 60 s) and the free space the
 * repository's filesystem must keep ({@code PRODGUARD_REPO_FREE_PCT}, 10 %, and
 * {@code PRODGUARD_REPO_FREE_MB}, 1024 MB).
 */
public record RulesSettings(boolean captureExpected, Duration captureStoppedAfter, Duration captureLagAlert,
        int repoFreePct, long repoFreeBytes) {
    /** The documented defaults. */
    public static final RulesSettings DEFAULTS = new RulesSettings(false, Duration.ofSeconds(30),
            Duration.ofSeconds(60), 10, 1024L * 1024 * 1024);

    /** Reads the thresholds (checked against their bounds when the configuration loaded). */
    public static RulesSettings from(Settings settings) {
        return new RulesSettings(settings.bool(ConfigKey.CAPTURE_EXPECTED),
                Duration.ofSeconds(settings.longValue(ConfigKey.CAPTURE_STOPPED_AFTER)),
                Duration.ofSeconds(settings.longValue(ConfigKey.CAPTURE_LAG_ALERT)),
                settings.intValue(ConfigKey.REPO_FREE_PCT), settings.longValue(ConfigKey.REPO_FREE_MB) * 1024 * 1024);
    }

    /** A copy that also expects capture when {@code running} (the guardian runs capture itself). */
    public RulesSettings expectingCaptureIf(boolean running) {
        return new RulesSettings(captureExpected || running, captureStoppedAfter, captureLagAlert, repoFreePct,
                repoFreeBytes);
    }
}
