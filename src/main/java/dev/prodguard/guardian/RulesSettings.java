package dev.prodguard.guardian;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import java.time.Duration;
import java.util.Locale;

/**
 * Thresholds of the guardian's repository rules, validated at start (CONFIG naming the key):
 * whether capture is expected ({@code PRODGUARD_CAPTURE_EXPECTED}), after how long without a
 * commit capture counts as stopped ({@code PRODGUARD_CAPTURE_STOPPED_AFTER}, 120 s), how far
 * behind a commit may be ({@code PRODGUARD_CAPTURE_LAG_ALERT}, 60 s) and the free space the
 * repository's filesystem must keep ({@code PRODGUARD_REPO_FREE_PCT}, 10 %, and
 * {@code PRODGUARD_REPO_FREE_MB}, 1024 MB).
 */
public record RulesSettings(boolean captureExpected, Duration captureStoppedAfter, Duration captureLagAlert,
        int repoFreePct, long repoFreeBytes) {
    /** The documented defaults. */
    public static final RulesSettings DEFAULTS = new RulesSettings(false, Duration.ofSeconds(120),
            Duration.ofSeconds(60), 10, 1024L * 1024 * 1024);

    /**
     * Reads and validates the thresholds.
     *
     * @throws ProdguardException CONFIG naming the key, the value and the accepted range
     */
    public static RulesSettings from(Settings settings) {
        boolean expected = bool(settings, ConfigKey.CAPTURE_EXPECTED);
        long stopped = number(settings, ConfigKey.CAPTURE_STOPPED_AFTER, 10, 86_400);
        long lag = number(settings, ConfigKey.CAPTURE_LAG_ALERT, 1, 86_400);
        long pct = number(settings, ConfigKey.REPO_FREE_PCT, 0, 99);
        long mb = number(settings, ConfigKey.REPO_FREE_MB, 0, 100_000_000);
        return new RulesSettings(expected, Duration.ofSeconds(stopped), Duration.ofSeconds(lag), (int) pct,
                mb * 1024 * 1024);
    }

    /** A copy that also expects capture when {@code running} (the guardian runs capture itself). */
    public RulesSettings expectingCaptureIf(boolean running) {
        return new RulesSettings(captureExpected || running, captureStoppedAfter, captureLagAlert, repoFreePct,
                repoFreeBytes);
    }

    private static boolean bool(Settings s, ConfigKey key) {
        String v = s.get(key).orElse(key.defaultValue()).strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw ProdguardException.config(key.envName() + "='" + v + "' (from " + s.origin(key)
                    + ") is not a boolean; use true or false (also 1/0, yes/no)");
        };
    }

    private static long number(Settings s, ConfigKey key, long min, long max) {
        String v = s.get(key).orElse(key.defaultValue()).strip();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProdguardException.config(key.envName() + "='" + v + "' (from " + s.origin(key)
                    + ") is not a whole number; use a number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw ProdguardException.config(key.envName() + "=" + n + " (from " + s.origin(key)
                    + ") is out of range; use a number from " + min + " to " + max);
        }
        return n;
    }
}
