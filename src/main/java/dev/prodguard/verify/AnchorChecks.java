package dev.prodguard.verify;

import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The checks of one database's history that concern its anchors: each anchor names a segment that is there
 * (or history retention pruned), and capture's habit of anchoring a snapshot of its own in every run it writes,
 * which reveals a missing anchor manifest (a run with none although a snapshot was taken during it). A missing
 * gap manifest is proven by the segment after it, which says it starts a new history ({@code fresh}).
 */
final class AnchorChecks {
    /** Capture writes its snapshot's anchor within this long of the snapshot's end. */
    private static final java.time.Duration ANCHOR_DELAY = java.time.Duration.ofSeconds(2);

    private final String db;
    private final List<SnapshotManifest> snapshots;
    private final List<SnapshotAnchor> anchors;
    private final Set<String> listedAnchors;
    private final NavigableMap<Long, SegmentManifest> readable;
    private final Set<Long> listed;
    private final List<GapManifest> gaps;
    private final HistoryVerifier.Retained retained;
    private final Instant tipAt;
    private final List<Problem> problems;
    private final List<String> notices;

    /** Problems and notices are added to the given lists; {@code tipAt}: when the valid capture tip was written (or null). */
    AnchorChecks(String db, List<SnapshotManifest> snapshots, List<SnapshotAnchor> anchors, Set<String> listedAnchors,
            NavigableMap<Long, SegmentManifest> readable, Set<Long> listed, List<GapManifest> gaps,
            HistoryVerifier.Retained retained, Instant tipAt, List<Problem> problems, List<String> notices) {
        this.db = db;
        this.snapshots = snapshots;
        this.anchors = anchors;
        this.listedAnchors = listedAnchors;
        this.readable = readable;
        this.listed = listed;
        this.gaps = gaps;
        this.retained = retained;
        this.tipAt = tipAt;
        this.problems = problems;
        this.notices = notices;
    }

    /** Runs every check against the history as written ({@code points}). */
    void run(RestorePoints points) {
        anchorProblems(points);
        for (CaptureTimeline.Run run : points.runsWithoutRestorePoint()) {
            unanchoredRun(points, run);
        }
    }

    private void anchorProblems(RestorePoints points) {
        long oldest = readable.isEmpty() ? Long.MAX_VALUE : readable.firstKey();
        for (SnapshotAnchor a : anchors) {
            if (readable.containsKey(a.segmentSeq()) || a.segmentSeq() <= 0) {
                continue;
            }
            SnapshotManifest s = snapshots.stream().filter(x -> x.id().equals(a.snapshotId())).findFirst().orElse(null);
            String key = manifestKey(SnapshotAnchor.KIND, a.snapshotId());
            String seg = SegmentManifest.id(db, a.segmentSeq());
            if (a.segmentSeq() < oldest && s != null && !retained.historyKept(s, snapshots, gaps)) {
                notices.add("snapshot " + a.snapshotId() + " is no longer a base for point-in-time restores of " + db
                        + ": its history (from segment " + seg + ") is older than what retention keeps");
                continue;
            }
            List<String> affects = new ArrayList<>();
            affects.add("point-in-time restores of " + db + " from snapshot " + a.snapshotId());
            if (s != null) {
                affects.addAll(points.forSnapshot(s));
            }
            problems.add(new Problem(Problem.ANCHOR, null, key, "anchor of snapshot " + a.snapshotId() + " names change segment "
                    + seg + ", which " + (listed.contains(a.segmentSeq()) ? "cannot be read" : "is missing")
                    + ": restores cannot replay the changes after the snapshot started", affects));
        }
    }

    /**
     * A run of history no snapshot is anchored in. Capture anchors a snapshot of its own in every run it writes, so
     * when a snapshot was taken while the run was being captured, its anchor manifest is probably missing (a
     * deleted anchor: the snapshot is anchored by time only when a segment ended 2 s before it started).
     */
    private void unanchoredRun(RestorePoints points, CaptureTimeline.Run run) {
        SegmentManifest first = run.segments().get(0);
        SegmentManifest last = run.segments().get(run.segments().size() - 1);
        String segs = SegmentManifest.id(db, first.seq()) + " to " + SegmentManifest.id(db, last.seq());
        Instant from = run.segments().stream().map(SegmentManifest::committedAt).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        Instant to = run.coveredUntil();
        // capture writes the anchor as soon as its snapshot is done: only a run it went on committing 2 s after that
        // (a segment, the tip of the newest run, the gap that ended it) shows the anchor is missing, not about to come
        Instant lastCommit = run.segments().stream().map(SegmentManifest::committedAt).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(Instant.MIN);
        if (tipAt != null && last.seq() == readable.lastKey() && tipAt.isAfter(lastCommit)) {
            lastCommit = tipAt;
        }
        if (run.endedBy() != null && run.endedBy().to().isAfter(lastCommit)) {
            lastCommit = run.endedBy().to(); // the gap was recorded when capture came back, after this run's capture ended
        }
        Instant committed = lastCommit;
        SnapshotManifest during = from == null ? null : snapshots.stream()
                .filter(s -> !s.started().isBefore(from) && !s.started().isAfter(to)
                        && s.finished().plus(ANCHOR_DELAY).isBefore(committed)).findFirst().orElse(null);
        if (during != null && listedAnchors.contains(during.id())) {
            return; // its anchor is there but cannot be read: reported as such
        }
        if (during == null) {
            notices.add("changes of " + db + " in segments " + segs + " are captured but no snapshot is anchored in them:"
                    + " they are no restore point (capture takes a snapshot when it starts)");
            return;
        }
        problems.add(new Problem(Problem.ANCHOR, null, manifestKey(SnapshotAnchor.KIND, during.id()), "no snapshot is anchored"
                + " in the run of segments " + segs + ", although snapshot " + during.id() + " was taken while capture wrote"
                + " it: capture anchors a snapshot in every run it writes, so an anchor manifest is probably missing",
                during.finished().isBefore(to) ? List.of(points.between(during.finished(), to)) : List.of()));
    }

    private static String manifestKey(String kind, String id) {
        return HistoryVerifier.manifestKey(kind, id);
    }
}
