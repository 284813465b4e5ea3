package dev.prodguard.web.dashboard;

import java.util.List;

/**
 * What only the demo adds to the dashboard: the live exchange on the overview, a "simulate a preview reset"
 * button, and the books check after an undo. A guardian started by {@code prodguard run} has none of these.
 */
public interface DemoControls {
    /** Lines about the live exchange now (transfers written, traffic running or paused). */
    List<String> exchange();

    /** Drops the demo database the way a preview reset does; returns what happened, in one sentence. */
    String simulateReset();

    /** Whether the demo exchange's books balance now, with the lines that say so. */
    Books books();

    /** The books check's outcome. */
    record Books(boolean ok, List<String> lines) {}
}
