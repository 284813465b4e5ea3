package dev.prodguard.verify;

import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    /**
     * Looks up the snapshot in the captured history of its database (manifests only, no database access). The
     * common case reads only the history from the snapshot's anchor to its finish ({@link #fromAnchor}); anything
     * else is answered from the whole timeline, which reads every segment manifest of the database.
     */
    public static SnapshotConsistency of(Repository repo, SnapshotManifest m) {
        SnapshotConsistency quick = fromAnchor(repo, m);
        if (quick == null && !SegmentReader.anyCommitted(repo, m.db())) {
            quick = uncaptured(m); // what the timeline says without a segment, without reading every snapshot's manifest
        }
        return quick != null ? quick : of(CaptureHistory.load(repo, m.db()), m);
    }

    /** The answer for a database of which no change was ever committed. */
    private static SnapshotConsistency uncaptured(SnapshotManifest m) {
        return new SnapshotConsistency(Kind.UNCOVERED, m, null, List.of(), "no changes of " + m.db() + " were captured");
    }

    /** How many segment ids {@link #fromAnchor} lists at a time, and reads (a snapshot's read usually spans fewer). */
    private static final int WINDOW_CHUNK = 256;

    /**
     * The answer of {@link #of(CaptureTimeline, SnapshotManifest)} for a snapshot that capture anchored (its anchor
     * manifest) and covered without a break: every segment from the anchor's to the first whose position is past the
     * snapshot's finish is there and readable, none starts a new history and no recorded gap follows one before
     * that. Then the whole timeline's run through the anchor goes on at least that far, so it says {@link Kind#CAPTURED}
     * with the same segments. Reads the anchor, the names of the database's gaps, and the names and manifests of the
     * segments from the anchor's on (listed from it: {@link Repository#listManifestsAfter}):
     * a week of captured history is hundreds of thousands of manifests, and this runs for every {@code restore
     * --snapshot} and every restore test. Null when anything else holds (no anchor manifest, a safety snapshot, a
     * missing or damaged segment, a gap, capture not yet past the finish), for the whole timeline to say what. The
     * run in the answer holds the segments read, not the whole run.
     */
    static SnapshotConsistency fromAnchor(Repository repo, SnapshotManifest m) {
        if (m.isSafety()) {
            return null;
        }
        SnapshotAnchor a;
        try {
            a = SnapshotAnchor.fromJson(repo.readManifest(SnapshotAnchor.KIND, m.id()));
        } catch (ProdguardException e) {
            if (e.code() == ErrorCode.KEY) {
                throw e;
            }
            return null; // none (or damaged): the timeline anchors it by time, or not at all
        } catch (RuntimeException e) {
            return null;
        }
        if (!a.snapshotId().equals(m.id()) || !a.database().equals(m.db())) {
            return null;
        }
        if (a.segmentSeq() < 1) {
            return null;
        }
        Set<Long> gapAfter = new HashSet<>();
        for (String id : SegmentReader.gapIds(repo, m.db())) {
            gapAfter.add(SegmentReader.GapId.parse(id).afterSeq());
        }
        List<SegmentManifest> window = new ArrayList<>();
        String after = SegmentManifest.id(m.db(), a.segmentSeq() - 1); // the anchor's segment is the first listed
        while (true) {
            List<String> page = repo.listManifestsAfter(SegmentManifest.KIND, m.db() + "-", after, WINDOW_CHUNK);
            if (page.isEmpty()) {
                return null; // capture has not committed past the finish (yet): the timeline says how far it has
            }
            after = page.get(page.size() - 1);
            page.removeIf(id -> !m.db().equals(SegmentReader.database(id))); // a database whose name starts like this one's
            for (SegmentManifest s : SegmentReader.read(repo, page)) {
                if (s == null || s.position().clusterTime() == null) {
                    return null;
                }
                if (window.isEmpty() ? s.seq() != a.segmentSeq() : s.seq() != window.get(window.size() - 1).seq() + 1
                        || s.fresh() || gapAfter.contains(window.get(window.size() - 1).seq())) {
                    return null; // a hole, a new history or a recorded gap before the finish is covered
                }
                window.add(s);
                Instant at = Instant.ofEpochSecond(s.position().clusterTime().getTime());
                if (window.size() > 1 && at.isAfter(m.finished())) { // the timeline's segments for the finish end here
                    if (at.minusMillis(1).isBefore(m.finished())) {
                        return null; // covered only if the run goes on: the timeline knows
                    }
                    CaptureTimeline.Anchored anchored = new CaptureTimeline.Anchored(m, new CaptureTimeline.Run(List.copyOf(window),
                            null), a.segmentSeq());
                    return new SnapshotConsistency(Kind.CAPTURED, m, anchored, List.copyOf(window.subList(1, window.size())),
                            null);
                }
            }
        }
    }

    /** As {@link #of(Repository, SnapshotManifest)} with a loaded timeline. */
    public static SnapshotConsistency of(CaptureTimeline timeline, SnapshotManifest m) {
        CaptureTimeline.Anchored a = timeline.anchor(m);
        if (a == null) {
            return timeline.runs().isEmpty() ? uncaptured(m) : new SnapshotConsistency(Kind.UNCOVERED, m, null, List.of(),
                    "capture was not running (or not yet committing) when snapshot " + m.id() + " started");
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
