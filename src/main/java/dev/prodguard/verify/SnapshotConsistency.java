package dev.prodguard.verify;

import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Whether a snapshot can be brought to one consistent instant. A snapshot reads its collections one
 * after another while the database may keep changing (like mongodump without --oplog), so on its own
 * it is not point-consistent across collections. When capture anchored it and has committed every
 * change up to the snapshot's finish, replaying those changes on top of it yields the database as it
 * was at that finish instant ({@link Kind#CAPTURED}); otherwise it stays a fuzzy read.
 */
public record SnapshotConsistency(Kind kind, SnapshotManifest snapshot, CaptureTimeline.Anchored anchored,
        List<SegmentManifest> segments, String reason) {

    /** How far a snapshot can be made consistent. */
    public enum Kind {
        /** Capture covers the snapshot's finish: snapshot + replay to the finish instant is point-consistent. */
        CAPTURED,
        /** Capture anchored the snapshot but has not yet committed changes up to its finish (try again shortly). */
        NOT_YET_COVERED,
        /** No capture covers the snapshot: a fuzzy read if the database was written to while it was read. */
        UNCOVERED
    }

    /** Looks up the snapshot in the captured history of its database (manifests only, no database access). */
    public static SnapshotConsistency of(Repository repo, SnapshotManifest m) {
        return of(CaptureHistory.load(repo, m.db()), m);
    }

    /** As {@link #of(Repository, SnapshotManifest)} with a loaded timeline. */
    public static SnapshotConsistency of(CaptureTimeline timeline, SnapshotManifest m) {
        CaptureTimeline.Anchored a = timeline.anchor(m);
        if (a == null) {
            String why = timeline.runs().isEmpty() ? "no changes of " + m.db() + " were captured"
                    : "capture was not running (or not yet committing) when snapshot " + m.id() + " started";
            return new SnapshotConsistency(Kind.UNCOVERED, m, null, List.of(), why);
        }
        Instant covered = a.run().coveredUntil();
        if (covered.isBefore(m.finished())) {
            return new SnapshotConsistency(Kind.NOT_YET_COVERED, m, a, List.of(), "capture has committed changes only up to "
                    + covered + ", before the snapshot finished (" + Instants.human(m.finished()) + "); run again once capture catches up");
        }
        return new SnapshotConsistency(Kind.CAPTURED, m, a, timeline.segmentsFor(a, m.finished()), null);
    }

    /** The instant the snapshot is consistent at after replay: its finish. */
    public Instant consistentAt() {
        return snapshot.finished();
    }

    /** Whether replaying captured changes makes the snapshot point-consistent. */
    public boolean replayable() {
        return kind == Kind.CAPTURED;
    }

    /**
     * How many captured changes (heartbeats aside) happened while the snapshot was being read, from
     * its start to its finish; reads only the segments up to the finish. -1 when capture does not cover it.
     */
    public long changesDuringRead(Repository repo) {
        if (!replayable()) {
            return -1;
        }
        long[] n = {0};
        for (SegmentManifest seg : segments) {
            SegmentReader.read(repo, seg, e -> {
                if (duringRead(e)) {
                    n[0]++;
                }
            });
        }
        return n[0];
    }

    /** Whether a captured change happened while the snapshot was read (server wall time, else its cluster-time second). */
    boolean duringRead(ChangeEvent e) {
        if (e.meta().ns() != null && NamespaceMap.HEARTBEAT_COLLECTION.equals(e.meta().ns().coll())) {
            return false;
        }
        Instant wall = e.meta().wallTime();
        long second = e.meta().clusterTime().getTime();
        return wall != null ? !wall.isBefore(snapshot.started()) && !wall.isAfter(snapshot.finished())
                : second >= snapshot.started().getEpochSecond() && second <= snapshot.finished().getEpochSecond();
    }

    /**
     * The one-line warning for restoring this snapshot on its own ({@code restore --snapshot}): it is
     * not point-consistent across collections, and how to get a consistent restore when capture covers
     * it; null when capture shows that nothing was written while it was read.
     */
    public String restoreWarning(long changesDuringRead) {
        String read = String.format(Locale.ROOT, "snapshot %s read its collections one after another over %s (%s .. %s)",
                snapshot.id(), Durations.millis(snapshot.durationMillis()), Instants.humanIso(snapshot.startedAt()),
                Instants.humanIso(snapshot.finishedAt()));
        if (kind == Kind.CAPTURED) {
            return changesDuringRead == 0 ? null : read + " while " + changesDuringRead + " change(s) were written, so it is"
                    + " not point-consistent across collections; for a consistent restore use 'restore --to "
                    + snapshot.finishedAt() + "' (captured changes cover it; the command names the exact instant)";
        }
        return read + "; if the database was written to meanwhile it is not point-consistent across collections ("
                + reason + ")";
    }
}
