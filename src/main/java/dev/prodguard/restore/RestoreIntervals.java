package dev.prodguard.restore;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.config.OwnCollections;

/**
 * Follows captured events (in commit order) for the marker a prodguard restore keeps in its target while
 * it writes ({@link OwnCollections#RESTORE_MARKER}: inserted before the restore writes anything, dropped
 * when it succeeded): what a restore does to the guarded database (its drops, its loads) is never the
 * user's activity. Pure; one instance per history.
 */
public final class RestoreIntervals {
    private boolean active;

    /** Takes the next event; returns whether it was made by a restore (the marker's own events included). */
    public boolean accept(ChangeEvent e) {
        if (e.meta().ns() == null) {
            return active;
        }
        if (OwnCollections.RESTORE_MARKER.equals(e.meta().ns().coll())) {
            if (e instanceof ChangeEvent.Delete || e instanceof ChangeEvent.Drop) {
                active = false;
            } else if (e instanceof ChangeEvent.DocumentEvent) {
                active = true;
            }
            return true;
        }
        if (e instanceof ChangeEvent.DropDatabase) {
            boolean was = active;
            active = false; // the marker went with the database
            return was;
        }
        return active;
    }

    /** Whether a restore's marker is in place after the events seen so far (a restore running, or killed). */
    public boolean active() {
        return active;
    }
}
