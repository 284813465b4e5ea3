package dev.prodguard.alert;

import java.util.Locale;

/** How urgent an alert is: INFO for the record, WARNING to look at today, CRITICAL to act on now. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    /** The lower-case name used in messages and JSON ("critical"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
