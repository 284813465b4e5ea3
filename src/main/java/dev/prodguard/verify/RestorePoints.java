package dev.prodguard.verify;

import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.CaptureTip;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.bson.BsonTimestamp;

/**
 * Says which restore points of one database a problem takes away, in the user's words. It reasons on the
 * history as capture wrote it: the readable segments, with a stand-in for every missing or unreadable one
 * (same position as the segment before it), so that the runs, anchors and windows are those the intact
 * history has, and a problem's reach is the part of those windows whose restores need the damaged piece.
 */
final class RestorePoints {
    /** Stand-ins are added for at most this many missing sequence numbers (a bound on memory). */
    private static final long MAX_STAND_INS = 1_000_000;

    private final String db;
    private final List<SnapshotManifest> snapshots;
    private final CaptureTimeline timeline;
    private final NavigableMap<Long, SegmentManifest> segments = new TreeMap<>();
    private final NavigableMap<Long, SegmentManifest> readable;
    private final Map<String, CaptureTimeline.Anchored> anchored = new java.util.HashMap<>();

    /**
     * @param readable the readable segments by sequence number
     * @param newestSeq the newest sequence number anything shows was committed (listing, tip, status record)
     * @param tip the readable capture tip, or null
     */
    RestorePoints(String db, List<SnapshotManifest> snapshots, List<SnapshotAnchor> anchors,
            NavigableMap<Long, SegmentManifest> readable, long newestSeq, List<GapManifest> gaps, CaptureTip tip) {
        this.db = db;
        this.readable = readable;
        this.snapshots = snapshots.stream().sorted(Comparator.comparing(SnapshotManifest::finished)).toList();
        Map<Long, BsonTimestamp> anchorTimes = new TreeMap<>();
        anchors.forEach(a -> anchorTimes.putIfAbsent(a.segmentSeq(), a.clusterTime()));
        long first = readable.isEmpty() ? newestSeq : readable.firstKey();
        for (long seq : anchorTimes.keySet()) {
            first = seq > 0 ? Math.min(first, seq) : first;
        }
        SegmentManifest prev = null;
        if (first > 0 && newestSeq - first < MAX_STAND_INS + readable.size()) {
            for (long seq = first; seq <= newestSeq; seq++) {
                SegmentManifest m = readable.get(seq);
                if (m == null) {
                    BsonTimestamp at = anchorTimes.containsKey(seq) ? anchorTimes.get(seq)
                            : prev == null ? null : prev.position().clusterTime();
                    m = standIn(seq, prev, at);
                }
                segments.put(seq, m);
                prev = m;
            }
        } else {
            segments.putAll(readable);
        }
        this.timeline = new CaptureTimeline(db, this.snapshots, anchors, new ArrayList<>(segments.values()), gaps, tip);
    }

    private SegmentManifest standIn(long seq, SegmentManifest prev, BsonTimestamp at) {
        dev.prodguard.capture.CapturePosition p = prev != null && at == prev.position().clusterTime() ? prev.position()
                : new dev.prodguard.capture.CapturePosition(null, at, false);
        return new SegmentManifest(seq, db, prev == null ? "unknown" : prev.path(), 0, null, null, null, null, p, null,
                prev == null ? null : prev.committedAt());
    }

    /** "point-in-time restores of db between a and b". */
    String between(Instant from, Instant to) {
        return "point-in-time restores of " + db + " between " + from.truncatedTo(ChronoUnit.MILLIS) + " and "
                + to.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Every point-in-time restore of the database (what an unreadable anchor or gap manifest stops today). */
    String everyPointInTime() {
        return "every point-in-time restore of " + db + " (restore --to refuses while this cannot be read)";
    }

    /** The restores that replay segment {@code seq}: from a snapshot anchored before it, to an instant after it starts. */
    List<String> forSegment(long seq) {
        CaptureTimeline.Run run = runOf(seq);
        if (run == null) {
            return List.of();
        }
        CaptureTimeline.Anchored before = null;
        CaptureTimeline.Anchored after = null;
        for (SnapshotManifest s : snapshots) {
            CaptureTimeline.Anchored a = anchor(s);
            if (a == null || a.run() != run) {
                continue;
            }
            if (a.segmentSeq() < seq && before == null) {
                before = a;
            } else if (a.segmentSeq() >= seq && after == null) {
                after = a;
            }
        }
        if (before == null) {
            return List.of("no restore replays it today (no snapshot is anchored before it in its run of history)");
        }
        Instant from = before.snapshot().finished();
        SegmentManifest prev = segments.get(seq - 1);
        if (prev != null && seq - 1 > before.segmentSeq() && prev.position().clusterTime() != null) {
            Instant p = Instant.ofEpochSecond(prev.position().clusterTime().getTime());
            from = p.isAfter(from) ? p : from;
        }
        Instant to = run.coveredUntil();
        if (after != null && after.snapshot().finished().isBefore(to)) {
            to = after.snapshot().finished();
        }
        return from.isBefore(to) ? List.of(between(from, to)) : List.of();
    }

    /** The point-in-time restores that start from snapshot {@code s}: from its finish to the next anchored snapshot's. */
    List<String> forSnapshot(SnapshotManifest s) {
        CaptureTimeline.Anchored a = anchor(s);
        if (a == null) {
            return List.of();
        }
        Instant to = a.run().coveredUntil();
        for (SnapshotManifest other : snapshots) {
            CaptureTimeline.Anchored o = anchor(other);
            if (o != null && o.run() == a.run() && other.finished().isAfter(s.finished()) && other.finished().isBefore(to)) {
                to = other.finished();
                break;
            }
        }
        return s.finished().isBefore(to) ? List.of(between(s.finished(), to)) : List.of();
    }

    /** The restores after the newest readable segment's position, up to {@code until} when known. */
    List<String> afterNewest(Instant until) {
        SegmentManifest newest = readable.isEmpty() ? null : readable.lastEntry().getValue();
        if (newest == null || newest.position().clusterTime() == null) {
            return List.of("point-in-time restores of " + db + " up to now");
        }
        Instant from = Instant.ofEpochSecond(newest.position().clusterTime().getTime());
        return List.of(until != null && until.isAfter(from) ? between(from, until)
                : "point-in-time restores of " + db + " after " + Instants.human(from));
    }

    /** The ideal history's runs that no snapshot is anchored in (captured changes without a restore point). */
    List<CaptureTimeline.Run> runsWithoutRestorePoint() {
        List<CaptureTimeline.Run> out = new ArrayList<>();
        for (CaptureTimeline.Run r : timeline.runs()) {
            boolean anchored = snapshots.stream().map(this::anchor).anyMatch(a -> a != null && a.run() == r);
            if (!anchored) {
                out.add(r);
            }
        }
        return out;
    }

    /** The ideal run holding segment {@code seq}, or null. */
    CaptureTimeline.Run runOf(long seq) {
        for (CaptureTimeline.Run r : timeline.runs()) {
            if (r.segments().get(0).seq() <= seq && seq <= r.segments().get(r.segments().size() - 1).seq()) {
                return r;
            }
        }
        return null;
    }

    /** Where snapshot {@code s} is anchored in the ideal history, or null (computed once per snapshot). */
    CaptureTimeline.Anchored anchor(SnapshotManifest s) {
        if (!anchored.containsKey(s.id())) {
            anchored.put(s.id(), timeline.anchor(s));
        }
        return anchored.get(s.id());
    }
}
