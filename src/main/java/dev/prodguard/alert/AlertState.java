package dev.prodguard.alert;

import java.util.Locale;

/**
 * Where an alert is in its life: OPEN (notified), FLAPPING (re-opened within the cool-down window
 * after resolving; notified once as flapping, then quiet), RESOLVED (closed; history).
 */
public enum AlertState {
    OPEN,
    FLAPPING,
    RESOLVED;

    /** The lower-case name used in messages and JSON ("open"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True while the condition is (or keeps coming back) active. */
    public boolean active() {
        return this != RESOLVED;
    }
}
