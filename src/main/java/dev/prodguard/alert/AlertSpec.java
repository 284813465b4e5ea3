package dev.prodguard.alert;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule reports when its condition holds: the subject key (one alert per key), the rule,
 * severity, a title in the user's words and structured details (kept in insertion order, shown
 * as "name: value" lines; list values are joined with ", ").
 */
public record AlertSpec(String key, String ruleId, Severity severity, String title, Map<String, Object> details) {
    public AlertSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        details = normalized(details);
    }

    /** Keeps strings, numbers, booleans and lists of strings; anything else (an Instant) becomes its text. */
    static Map<String, Object> normalized(Map<String, ?> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (details == null) {
            return out;
        }
        details.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(k, v);
            } else if (v instanceof Collection<?> c) {
                out.put(k, c.stream().map(String::valueOf).toList());
            } else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    /** A spec without details. */
    public static AlertSpec of(String key, String ruleId, Severity severity, String title) {
        return new AlertSpec(key, ruleId, severity, title, Map.of());
    }
}
