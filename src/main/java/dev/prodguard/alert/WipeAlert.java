package dev.prodguard.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert the guardian raises when protected data disappears: what was lost, and how to get it back. */
public final class WipeAlert {
    /** The rule id of wipe alerts. */
    public static final String RULE = "wipe-detected";

    private WipeAlert() {}

    /**
     * A wipe alert for {@code database} naming the dropped collections, the restore point just
     * before the wipe and the exact command that restores it (into a new database, the safe default).
     */
    public static AlertSpec spec(String database, List<String> droppedCollections, Instant restorePointBefore) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("dropped collections", droppedCollections);
        details.put("restore point just before", restorePointBefore == null ? "none: no restorable point before"
                + " the wipe" : restorePointBefore.toString());
        if (restorePointBefore != null) {
            details.put("restore command", restoreCommand(restorePointBefore));
        }
        String what = droppedCollections.size() == 1
                ? database + "." + droppedCollections.get(0) + " was dropped"
                : droppedCollections.size() + " collections of " + database + " were dropped";
        String key = "wipe:" + (droppedCollections.size() == 1 ? database + "." + droppedCollections.get(0) : database);
        return new AlertSpec(key, RULE, Severity.CRITICAL, "Wipe detected: " + what, details);
    }

    /**
     * The alert for collections dropped (one by one or by dropDatabase): what was lost, when, the restore
     * point just before the drop and the command that restores it. {@code notRestorable} (null when the
     * point is restorable) says why the point cannot be restored, and then no command is offered.
     */
    public static AlertSpec dropped(String database, List<String> droppedCollections, Instant droppedAt,
            String operation, Instant restorePoint, String notRestorable) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("dropped collections", droppedCollections);
        details.put("what happened", operation + " at " + droppedAt);
        restoreDetails(details, restorePoint, notRestorable, "./prodguard restore --to before-last-drop");
        String what = droppedCollections.size() == 1
                ? database + "." + droppedCollections.get(0) + " was dropped"
                : droppedCollections.size() + " collections of " + database + " were dropped";
        String key = "wipe:" + (droppedCollections.size() == 1 ? database + "." + droppedCollections.get(0) : database);
        return new AlertSpec(key, RULE, Severity.CRITICAL, "Wipe detected: " + what, details);
    }

    /**
     * The alert for a mass delete: {@code deleted} documents of one collection within {@code window}
     * seconds, starting at {@code firstDeleteAt}, and the restore point just before the first of them.
     */
    public static AlertSpec massDelete(String database, String collection, long deleted, long windowSeconds,
            Instant firstDeleteAt, Instant restorePoint, String notRestorable) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("collection", collection);
        details.put("deleted documents", deleted + " within " + windowSeconds + " s, from " + firstDeleteAt);
        restoreDetails(details, restorePoint, notRestorable, restorePoint == null ? null : restoreCommand(restorePoint));
        return new AlertSpec("wipe:" + database + "." + collection + ":deletes", RULE, Severity.CRITICAL,
                "Wipe detected: " + deleted + " documents deleted from " + database + "." + collection, details);
    }

    private static void restoreDetails(Map<String, Object> details, Instant restorePoint, String notRestorable,
            String command) {
        if (restorePoint == null || notRestorable != null) {
            details.put("restore point just before", "none: " + (notRestorable == null
                    ? "no restorable point before the wipe" : notRestorable));
            return;
        }
        details.put("restore point just before", restorePoint.toString());
        details.put("restore command", command);
        details.put("restore into a new database", "the command restores into a new database; add --force to"
                + " replace " + details.get("database") + " itself (a safety snapshot is taken first)");
        if (!command.endsWith(restorePoint.toString())) {
            details.put("same point by time", restoreCommand(restorePoint));
        }
    }

    /** The command that restores the database as it was at {@code restorePoint}. */
    public static String restoreCommand(Instant restorePoint) {
        return "./prodguard restore --to " + restorePoint;
    }
}
