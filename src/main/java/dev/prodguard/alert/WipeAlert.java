package dev.prodguard.alert;

import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert the guardian raises when protected data disappears: what was lost, and how to get it back.
 * Every wipe is its own incident with its own key (never merged with an earlier one, never damped as
 * flapping), and names its restore point in a form that keeps its meaning whatever happens afterwards:
 * {@code --to wipe:<id>} (just before the incident's first change) or, when no change marks it, the
 * exact last restorable instant.
 */
public final class WipeAlert {
    /** The rule id of wipe alerts. */
    public static final String RULE = "wipe-detected";

    private WipeAlert() {}

    /**
     * The alert for collections dropped (one by one or by dropDatabase), incident {@code id}: what was lost,
     * when, the restore point just before the first drop and the commands that restore it from the
     * repository at {@code repo}. {@code notRestorable} (null when the point is restorable) says why the
     * point cannot be restored, and then no command is offered.
     */
    public static AlertSpec dropped(String database, String id, List<String> droppedCollections, Instant droppedAt,
            String operation, Instant restorePoint, String notRestorable, RestoreCommands.Env env) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("dropped collections", droppedCollections);
        details.put("what happened", operation + " at " + Instants.human(droppedAt));
        details.put("incident", "wipe:" + id);
        restoreDetails(details, "wipe:" + id, restorePoint, notRestorable, env);
        return new AlertSpec("wipe:" + database + ":" + id, RULE, Severity.CRITICAL,
                "Wipe detected: " + what(database, droppedCollections), details);
    }

    /**
     * The alert for a mass delete, incident {@code id}: {@code deleted} documents of one collection within
     * {@code windowSeconds}, starting at {@code firstDeleteAt}, and the restore point just before the first of them.
     */
    public static AlertSpec massDelete(String database, String id, String collection, long deleted, long windowSeconds,
            Instant firstDeleteAt, Instant restorePoint, String notRestorable, RestoreCommands.Env env) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("collection", collection);
        details.put("deleted documents", deleted + " within " + windowSeconds + " s, from " + Instants.human(firstDeleteAt));
        details.put("incident", "wipe:" + id);
        restoreDetails(details, "wipe:" + id, restorePoint, notRestorable, env);
        return new AlertSpec("wipe:" + database + ":" + id, RULE, Severity.CRITICAL,
                "Wipe detected: " + deleted + " documents deleted from " + database + "." + collection, details);
    }

    /**
     * The alert for data that vanished without any change event (the server was replaced or reset, a volume
     * lost): {@code collections} held data before and are gone or empty now; {@code lastRestorable} is the
     * last instant the captured history can restore. {@code gapId} names the lost-history gap.
     */
    public static AlertSpec vanished(String database, String gapId, List<String> collections, Instant lastRestorable,
            String why, String notRestorable, RestoreCommands.Env env) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("collections that vanished", collections);
        details.put("what happened", why);
        restoreDetails(details, lastRestorable == null ? null : lastRestorable.toString(), lastRestorable, notRestorable,
                env);
        return new AlertSpec("wipe:" + database + ":vanished:" + gapId, RULE, Severity.CRITICAL, "Wipe detected: the data of "
                + database + " vanished (" + collections.size() + " collection(s) gone or empty, no drop was recorded)",
                details);
    }

    private static String what(String database, List<String> droppedCollections) {
        return droppedCollections.size() == 1
                ? database + "." + droppedCollections.get(0) + " was dropped"
                : droppedCollections.size() + " collections of " + database + " were dropped";
    }

    private static void restoreDetails(Map<String, Object> details, String point, Instant restorePoint, String notRestorable,
            RestoreCommands.Env env) {
        String db = String.valueOf(details.get("database"));
        if (point == null || notRestorable != null) {
            details.put("restore point just before", "none: " + (notRestorable == null
                    ? "no restorable point before the wipe" : notRestorable));
            return;
        }
        details.put("restore point just before", restorePoint.toString());
        details.put("restore command", RestoreCommands.restoreTo(point, env));
        details.put("restore in place", RestoreCommands.restoreInPlace(point, env));
        details.put("what the commands do", "the restore command restores into a new database and prints how to use it;"
                + " 'restore in place' replaces " + db + " itself (a safety snapshot of it is taken first)"
                + (env.mongoUrl() == null ? "; both need MONGO_URL in the environment or .env, as the guardian has it" : ""));
    }
}
