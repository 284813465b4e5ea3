package dev.prodguard.checklist;

import java.util.Set;

/** One item of the go-live checklist: checks one thing and says what to do when it does not hold. */
public interface CheckItem {
    /** The stable id used in output and JSON (e.g. {@code no-credentials-in-source}). */
    String id();

    /** The item in the guide's words (e.g. "No database credentials in source code"). */
    String title();

    /** The checklists this item belongs to. */
    Set<Stage> stages();

    /**
     * How many network waits of PRODGUARD_CONNECT_TIMEOUT_MS the item may make one after another;
     * the checklist stops waiting for it after that many timeouts. 0: local only, not bounded.
     */
    default int waits() {
        return 0;
    }

    /**
     * Runs the check. Throwing a {@code ProdguardException} makes the item FAIL with its message;
     * it never affects the other items.
     */
    ItemResult run(CheckContext context) throws Exception;
}
