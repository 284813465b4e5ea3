package dev.prodguard.restore;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.AnchoredSnapshot;
import dev.prodguard.replay.ReplayStats;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;

/**
 * The one restore service behind {@code prodguard restore} and the dashboard's restore wizard: plan (a snapshot
 * or a point in time; pure apart from reading the repository), then execute with {@link RestoreExecutor} (the
 * marker in the target is the lock; a safety snapshot of a target holding data; replay), then, for a restore
 * into the guarded database itself, the snapshot that anchors the restored state.
 */
public final class RestoreService {
    private RestoreService() {}

    /** A plan, and for a point-in-time restore what the point resolved to (null for a snapshot restore). */
    public record Planned(RestorePlan plan, PointInTimePlanner.PointInTimePlan pit) {
        /** The point in its stable form ({@code wipe:<id>} when the restore stops before an incident), or null. */
        public String stablePoint() {
            return pit == null ? null : pit.stop() == null ? pit.instant().toString() : Incidents.PREFIX + pit.stop().id();
        }

        /** The restore's source as command arguments: {@code --snapshot <id>} or {@code --to <stable point>}. */
        public String sourceArgs() {
            return pit == null ? "--snapshot " + plan.snapshot().id() : "--to " + stablePoint();
        }
    }

    /**
     * What a restore did: the result, what replay applied, and for an in-place restore the anchoring snapshot's id
     * (or why it could not be taken: the restore still succeeded).
     */
    public record Outcome(RestoreResult result, ReplayStats replayed, String anchorSnapshot, String anchorError) {}

    /**
     * Plans restoring {@code db} from {@code snapshot} (an id or {@code latest}) or to {@code point} (exactly one
     * is non-null); drops within {@code burstWindow} are one wipe for before-last-drop.
     *
     * @throws dev.prodguard.error.ProdguardException as {@link RestorePlanner} and {@link PointInTimePlanner} do
     */
    public static Planned plan(Repository repo, String db, String snapshot, RestorePoint point, RestoreRequest request,
            Clock clock, Duration burstWindow) {
        if (point != null) {
            PointInTimePlanner.PointInTimePlan pit = PointInTimePlanner.plan(repo, db, point, request, clock, burstWindow);
            return new Planned(pit.plan(), pit);
        }
        return new Planned(RestorePlanner.forSnapshot(repo, db, snapshot, request, clock), null);
    }

    /**
     * Runs {@code planned} into the deployment {@code client} reaches. When {@code anchor} is true (the target is the
     * guarded database itself, on its own deployment) a fresh snapshot of the restored database follows.
     *
     * @throws dev.prodguard.error.ProdguardException as {@link RestoreExecutor#execute} does
     */
    public static Outcome execute(MongoClient client, Repository repo, SnapshotOptions options, Clock clock,
            Planned planned, ProgressListener progress, boolean anchor) {
        RestoreExecutor executor = new RestoreExecutor(client, repo, RestoreOptions.from(options), clock).progress(progress);
        if (planned.pit() != null) {
            // the stable form of the point, so that restoring again from the marker means the same point
            executor.source("point in time " + planned.stablePoint());
        }
        RestoreResult r = executor.execute(planned.plan());
        if (!anchor) {
            return new Outcome(r, executor.replayed(), null, null);
        }
        try {
            String id = AnchoredSnapshot.take(new SnapshotService(client, repo, options, clock), repo, r.targetDb(),
                    ProgressListener.NONE).id();
            return new Outcome(r, executor.replayed(), id, null);
        } catch (RuntimeException e) {
            return new Outcome(r, executor.replayed(), null, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
        }
    }

    /** Whether a restore into {@code targetDb} replaced the guarded database itself (then it is anchored). */
    public static boolean inPlace(String sourceDb, String targetUri, String targetDb) {
        return targetUri == null && targetDb.equals(sourceDb);
    }
}
