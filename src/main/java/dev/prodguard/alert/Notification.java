package dev.prodguard.alert;

import java.util.Locale;

/** One message to people about an alert: what changed ({@link Kind}) and the alert as it now is. */
public record Notification(Kind kind, Alert alert) {
    /** Why a notification is sent. */
    public enum Kind {
        /** the alert opened for the first time (or again after a quiet cool-down window) */
        OPENED,
        /** still open after the reminder interval */
        REMINDER,
        /** re-opened within the cool-down window: sent once, further flaps are quiet */
        FLAPPING,
        /** the condition cleared */
        RESOLVED,
        /** {@code prodguard alerts test}: checks the channel, no alert behind it */
        TEST;

        /** The lower-case name used in messages and JSON ("opened"). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
