package dev.prodguard.capture;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotResult;
import dev.prodguard.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A regular snapshot tied to the captured history by commit order, not by clocks: the newest change
 * segment committed before the snapshot started reading holds only changes the snapshot also holds, so
 * an anchor naming it lets a point-in-time restore replay exactly the segments after it (instead of
 * anchoring by time, with a margin for clock skew that replays more than needed). Without captured
 * history, or when the newest segment cannot be read, the snapshot is taken without an anchor.
 */
public final class AnchoredSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(AnchoredSnapshot.class);

    private AnchoredSnapshot() {}

    /** How long a snapshot waits for running capture to commit what it received ({@link CatchUp}). */
    static final Duration CATCH_UP = Duration.ofSeconds(5);

    /**
     * Takes a regular snapshot of {@code db} with {@code service} and anchors it when history exists. When capture
     * runs, it first waits (at most {@link #CATCH_UP}) until capture has committed every change made so far, so that
     * the anchor covers them and no restore from the snapshot replays changes it already holds.
     */
    public static SnapshotResult take(SnapshotService service, Repository repo, String db, ProgressListener listener) {
        try {
            if (!CatchUp.await(service.client().getDatabase(db), repo, CATCH_UP, Clock.systemUTC())) {
                LOG.debug("capture of {} did not confirm it is up to date; snapshot anchored on what it committed", db);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(dev.prodguard.error.ErrorCode.INTERRUPTED, "interrupted before the snapshot of " + db);
        }
        SegmentManifest before = newest(repo, db);
        SnapshotResult r = service.take(db, listener);
        if (before != null) {
            try {
                repo.writeManifest(SnapshotAnchor.KIND, r.id(), new SnapshotAnchor(r.id(), db, before.seq(),
                        before.position().clusterTime()).toJson());
            } catch (ProdguardException e) {
                // the snapshot is committed; it is anchored by time instead
                LOG.warn("snapshot {} of {} is committed but its anchor could not be written ({}); it is anchored by time",
                        r.id(), db, e.getMessage());
            }
        }
        return r;
    }

    private static SegmentManifest newest(Repository repo, String db) {
        List<String> ids = SegmentReader.ids(repo, db);
        if (ids.isEmpty()) {
            return null;
        }
        try {
            return SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, ids.get(ids.size() - 1)));
        } catch (RuntimeException e) {
            return null; // unreadable: anchored by time (the timeline shows the hole)
        }
    }
}
