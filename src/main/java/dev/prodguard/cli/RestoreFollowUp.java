package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.restore.RestoreService;

/**
 * What follows a completed restore. Into DB_NAME itself (on MONGO_URL's deployment): a fresh regular snapshot
 * anchors the restored state, so the next incident starts from it and 'latest' is the restored data, never the
 * safety copy; it failing does not undo the restore (a warning, exit 0). Into another database: the next step,
 * pointing the application at it or restoring in place.
 */
final class RestoreFollowUp {
    private RestoreFollowUp() {}

    /** The anchoring snapshot's id, or null with {@code error} set when it could not be taken. */
    record Anchor(String snapshotId, String error) {}

    /** Whether the restore replaced the guarded database itself (then it is anchored, and there is no next step). */
    static boolean inPlace(String sourceDb, String targetUri, String targetDb) {
        return RestoreService.inPlace(sourceDb, targetUri, targetDb);
    }

    /** The anchoring snapshot the restore service took, or null when the restore went elsewhere. */
    static Anchor anchor(RestoreService.Outcome outcome) {
        return outcome.anchorSnapshot() == null && outcome.anchorError() == null ? null
                : new Anchor(outcome.anchorSnapshot(), outcome.anchorError());
    }

    /** Text lines (stdout) and a warning (stderr) for people. */
    static void print(CliContext ctx, String sourceDb, String targetDb, String sourceArgs, Anchor anchor, boolean otherDeployment) {
        if (anchor != null && anchor.snapshotId() != null) {
            ctx.println("anchored the restored state of " + targetDb + ": snapshot " + anchor.snapshotId() + " (now 'latest')");
        } else if (anchor != null) {
            ctx.warn(anchorFailed(targetDb, anchor.error()));
        } else {
            ctx.println("next step: point your application at it with " + pointAt(targetDb, otherDeployment)
                    + " (and restart it), or restore in place: " + inPlaceCommand(ctx, sourceDb, sourceArgs));
        }
    }

    /** The same as fields of the restore's JSON object: anchorSnapshot, anchorError, nextStep. */
    static void json(CliContext ctx, ObjectNode o, String sourceDb, String targetDb, String sourceArgs, Anchor anchor,
            boolean otherDeployment) {
        o.put("anchorSnapshot", anchor == null ? null : anchor.snapshotId());
        o.put("anchorError", anchor == null || anchor.error() == null ? null : anchorFailed(targetDb, anchor.error()));
        if (anchor != null) {
            o.putNull("nextStep");
            return;
        }
        ObjectNode next = o.putObject("nextStep");
        next.put("pointAppAt", pointAt(targetDb, otherDeployment));
        next.put("restoreInPlace", inPlaceCommand(ctx, sourceDb, sourceArgs));
    }

    private static String pointAt(String targetDb, boolean otherDeployment) {
        return "DB_NAME=" + targetDb + (otherDeployment ? " (and MONGO_URL at the deployment of --target-uri)" : "");
    }

    private static String inPlaceCommand(CliContext ctx, String sourceDb, String sourceArgs) {
        return dev.prodguard.alert.RestoreCommands.launcher() + " restore " + sourceArgs
                + (sourceDb.equals(ctx.settings().dbName()) ? "" : " --db " + sourceDb) + " --target-db " + sourceDb + " --force";
    }

    private static String anchorFailed(String db, String why) {
        return "the restore succeeded, but the snapshot anchoring it failed (" + why + "); until a new snapshot of " + db
                + " is taken, 'latest' is the one from before the restore: run 'prodguard backup'";
    }
}
