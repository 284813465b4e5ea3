package dev.prodguard.guardian;

import dev.prodguard.capture.CaptureService;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
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
    /** Reads the settings (checked against their bounds when the configuration loaded). */
    public static CaptureTaskSettings from(Settings s) {
        long mass = s.longValue(ConfigKey.WIPE_MASS_DELETE);
        long window = s.longValue(ConfigKey.WIPE_WINDOW);
        long after = s.longValue(ConfigKey.CAPTURE_STOPPED_AFTER);
        Set<String> ignored = Arrays.stream(s.get(ConfigKey.WIPE_IGNORE).orElse("").split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new CaptureTaskSettings(CaptureService.Timing.from(s), mass, Duration.ofSeconds(window), ignored,
                Duration.ofSeconds(after));
    }
}
