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

    /** The command that restores the database as it was at {@code restorePoint}. */
    public static String restoreCommand(Instant restorePoint) {
        return "./prodguard restore --to " + restorePoint;
    }
}
