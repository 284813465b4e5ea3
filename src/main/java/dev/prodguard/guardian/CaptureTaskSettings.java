package dev.prodguard.guardian;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.pitr.CaptureService;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the guardian's capture task reads from configuration: capture timing, the wipe rule (mass-delete
 * threshold and window, collections not guarded) and how long capture may be down before the
 * capture-stopped alert opens.
 */
public record CaptureTaskSettings(CaptureService.Timing timing, long massDelete, Duration wipeWindow, Set<String> ignored,
        Duration alertAfter) {
    /**
     * Reads and checks the settings.
     *
     * @throws ProdguardException CONFIG naming the key and the accepted range
     */
    public static CaptureTaskSettings from(Settings s) {
        CaptureService.Timing d = CaptureService.Timing.defaults()
                .withCommitInterval(Duration.ofMillis(s.intValue(ConfigKey.CAPTURE_COMMIT_INTERVAL)))
                .withHeartbeatInterval(Duration.ofMillis(s.intValue(ConfigKey.CAPTURE_HEARTBEAT_INTERVAL)));
        long mass = number(s, ConfigKey.WIPE_MASS_DELETE, 1, 1_000_000_000L);
        long window = number(s, ConfigKey.WIPE_WINDOW, 1, 86_400);
        long after = number(s, ConfigKey.CAPTURE_ALERT_AFTER, 1, 86_400);
        Set<String> ignored = Arrays.stream(s.get(ConfigKey.WIPE_IGNORE).orElse("").split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toUnmodifiableSet());
        // reconnect no slower than the alert threshold, so a short outage resolves soon after the database is back
        Duration maxBackoff = Duration.ofSeconds(Math.min(10, Math.max(1, after)));
        CaptureService.Timing timing = new CaptureService.Timing(d.commitInterval(), d.heartbeatInterval(), d.idlePoll(),
                d.lockStaleAfter(), maxBackoff);
        return new CaptureTaskSettings(timing, mass, Duration.ofSeconds(window), ignored, Duration.ofSeconds(after));
    }

    private static long number(Settings s, ConfigKey key, long min, long max) {
        String raw = s.get(key).orElse(key.defaultValue()).trim();
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > max) {
            throw ProdguardException.config(key.envName() + " is '" + raw + "' (from " + s.origin(key) + "); it must be a"
                    + " whole number from " + min + " to " + max);
        }
        return v;
    }
}
