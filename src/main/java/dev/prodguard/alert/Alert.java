package dev.prodguard.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * One alert and its history: what rule raised it, about what (the subject key that de-duplicates
 * it, e.g. {@code wipe:coinhubx_production.wallets}), what happened (title and structured details,
 * in display order), and when it opened, last changed, resolved and was last notified.
 *
 * @param id store id, 0 before the alert was first saved
 * @param raises how many times a rule reported the condition for this alert
 * @param flaps how many times it re-opened within the cool-down window after resolving
 * @param notifications how many notifications were sent for it (through all channels, counted once)
 * @param pendingResolvedNotice a flapping alert resolved quietly; "resolved" is sent once it stays quiet
 */
public record Alert(long id, String key, String ruleId, Severity severity, String title, Map<String, Object> details,
        AlertState state, Instant openedAt, Instant updatedAt, Instant resolvedAt, Instant lastNotifiedAt,
        int raises, int flaps, int notifications, boolean pendingResolvedNotice) {

    public Alert {
        details = Collections.unmodifiableMap(AlertSpec.normalized(details));
    }

    /** A new open alert, not yet saved or notified. */
    public static Alert open(AlertSpec spec, Instant now) {
        return new Alert(0, spec.key(), spec.ruleId(), spec.severity(), spec.title(), spec.details(), AlertState.OPEN,
                now, now, null, null, 1, 0, 0, false);
    }

    Alert withId(long newId) {
        return new Alert(newId, key, ruleId, severity, title, details, state, openedAt, updatedAt, resolvedAt,
                lastNotifiedAt, raises, flaps, notifications, pendingResolvedNotice);
    }

    /** The same alert with the latest title, severity and details from a repeated raise. */
    Alert refreshed(AlertSpec spec, Instant now) {
        return new Alert(id, key, spec.ruleId(), spec.severity(), spec.title(), spec.details(), state, openedAt, now,
                resolvedAt, lastNotifiedAt, raises + 1, flaps, notifications, pendingResolvedNotice);
    }

    Alert withState(AlertState newState, Instant now, Instant newResolvedAt, int newFlaps, boolean pending) {
        return new Alert(id, key, ruleId, severity, title, details, newState, openedAt, now, newResolvedAt,
                lastNotifiedAt, raises, newFlaps, notifications, pending);
    }

    Alert notified(Instant now) {
        return new Alert(id, key, ruleId, severity, title, details, state, openedAt, updatedAt, resolvedAt, now,
                raises, flaps, notifications + 1, pendingResolvedNotice);
    }
}
