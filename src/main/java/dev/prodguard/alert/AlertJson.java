package dev.prodguard.alert;

import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.Map;

/**
 * The one JSON shape of an alert, for {@code alerts list --json}, {@code /api/alerts} and the open alerts of
 * {@code /api/status} (times as ISO-8601 UTC strings, null when not yet).
 */
public record AlertJson(long id, String key, String rule, String severity, String state, String title,
        Map<String, Object> details, String openedAt, String updatedAt, String resolvedAt, String lastNotifiedAt,
        int raises, int flaps, int notifications) {
    /** The alert with its history counters. */
    public static AlertJson of(Alert a) {
        return new AlertJson(a.id(), a.key(), a.ruleId(), a.severity().label(), a.state().label(), a.title(), a.details(),
                text(a.openedAt()), text(a.updatedAt()), text(a.resolvedAt()), text(a.lastNotifiedAt()), a.raises(),
                a.flaps(), a.notifications());
    }

    private static String text(Instant t) {
        return Instants.json(t);
    }
}
