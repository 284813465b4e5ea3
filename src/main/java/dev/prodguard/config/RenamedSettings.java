package dev.prodguard.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings that changed their name (units in every name, one setting per behaviour): the old names still
 * work, with a warning naming the new one, and the new name wins when both are set.
 */
final class RenamedSettings {
    /** Old name to the setting it now is. */
    static final Map<String, ConfigKey> OLD = old();

    private RenamedSettings() {}

    private static Map<String, ConfigKey> old() {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        m.put("PRODGUARD_CAPTURE_COMMIT_INTERVAL", ConfigKey.CAPTURE_COMMIT_INTERVAL);
        m.put("PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL", ConfigKey.CAPTURE_HEARTBEAT_INTERVAL);
        // two settings of one behaviour (capture inside run, and a separate capture) became one
        m.put("PRODGUARD_CAPTURE_ALERT_AFTER", ConfigKey.CAPTURE_STOPPED_AFTER);
        m.put("PRODGUARD_CAPTURE_STOPPED_AFTER", ConfigKey.CAPTURE_STOPPED_AFTER);
        m.put("PRODGUARD_CAPTURE_LAG_ALERT", ConfigKey.CAPTURE_LAG_ALERT);
        m.put("PRODGUARD_WIPE_WINDOW", ConfigKey.WIPE_WINDOW);
        m.put("PRODGUARD_HEALTH_GRACE", ConfigKey.HEALTH_GRACE);
        return Map.copyOf(m);
    }

    /** The yaml spelling of a name (as {@link ConfigKey#yamlName()} derives it). */
    static String yamlName(String envName) {
        return envName.replaceFirst("^PRODGUARD_", "").toLowerCase(java.util.Locale.ROOT);
    }
}
