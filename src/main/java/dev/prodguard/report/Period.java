package dev.prodguard.report;

import java.time.Duration;
import java.util.Locale;

/** The guide's maintenance rhythm: which report, and the window of history it covers. */
public enum Period {
    /** Size and growth, slow operations, connections: the last 7 days. */
    WEEKLY(Duration.ofDays(7)),
    /** Adds the index review and unused collections: the last 30 days. */
    MONTHLY(Duration.ofDays(30)),
    /** Adds password rotation, user access and the restore test: the last 91 days. */
    QUARTERLY(Duration.ofDays(91));

    private final Duration window;

    Period(Duration window) {
        this.window = window;
    }

    /** How far back the report looks. */
    public Duration window() {
        return window;
    }

    /** The name on the command line, in file names and in JSON ({@code weekly}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
