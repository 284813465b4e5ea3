package dev.prodguard.web.dashboard;

import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A restore started from the wizard: its progress while it runs; then what it did and what to do next (and, in
 * the demo, whether the books balance).
 */
record JobView(int id, boolean running, int percent, long done, long total, String target, Instant started,
        Instant finished, String error, List<String> result, List<String> next, DemoControls.Books books) {
    static JobView of(RestoreJobs.Job j, String db, DemoControls demo) {
        List<String> result = new ArrayList<>();
        List<String> next = new ArrayList<>();
        String target = j.planned.plan().targetDb();
        var o = j.outcome;
        if (o != null) {
            var r = o.result();
            if (r.safetySnapshotId() != null) {
                result.add("A safety snapshot of " + target + " was taken first: " + r.safetySnapshotId() + ".");
            }
            result.add("Restored " + r.documents() + " document(s) in " + r.collections() + " collection(s) into "
                    + target + (j.planned.pit() == null ? " from snapshot " + j.planned.plan().snapshot().id()
                    : ", as of " + Instants.point(j.planned.pit().instant()) + (j.planned.pit().stop() == null ? ""
                    : " (just before the " + j.planned.pit().stop().what() + ")")) + ".");
            if (o.replayed() != null && j.planned.pit() != null) {
                result.add("Replayed " + o.replayed().applied() + " captured change(s).");
            }
            r.notes().forEach(result::add);
            if (o.anchorSnapshot() != null) {
                next.add("Snapshot " + o.anchorSnapshot() + " anchors the restored state of " + target
                        + " (it is now 'latest'). Your application already uses " + target + ": check it works.");
            } else if (o.anchorError() != null) {
                next.add("The restore succeeded, but the snapshot anchoring it failed (" + o.anchorError() + "); run"
                        + " 'prodguard backup'.");
            } else {
                next.add("Point your application at it with DB_NAME=" + target + " and restart it, or restore in place:"
                        + " run this wizard again with the same point and 'over the existing database'.");
            }
        }
        boolean done = !j.running() && j.error == null;
        return new JobView(j.id, j.running(), j.percent(), j.done.get(), j.total.get(), target, j.started, j.finished,
                j.error, result, next, done && demo != null && target.equals(db) ? demo.books() : null);
    }
}
