package dev.prodguard.checklist;

import java.util.Locale;

/** The outcome of one checklist item. */
public enum ItemStatus {
    /** Checked, and it holds. */
    PASS,
    /** Checked, and it does not hold: the check exits 1. */
    FAIL,
    /** Cannot be checked by prodguard: a person must confirm it (the instruction says how). */
    MANUAL,
    /** Not checked here (e.g. the source is not a git repository); the detail says why. */
    SKIPPED;

    /** The lower-case name used in JSON. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
