package dev.prodguard.capture;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonTimestamp;

/**
 * What is restorable to the second, computed from manifests alone (pure: no repository, no database).
 * Committed segments form runs of contiguous history; a gap ends a run. A snapshot is anchored in a
 * run when capture had committed a position before the snapshot started reading (an anchor manifest
 * written by capture, or for other snapshots the newest segment whose position is at least
 * {@link #DERIVED_ANCHOR_MARGIN} before the snapshot's start). A restorable window runs from an
 * anchored snapshot's finish to the run's end: the instant before which every change is committed.
 * The current run ends at the capture tip when the tip extends its newest segment (an idle database);
 * a run ended by a gap ends where the gap starts (the position committed then, segment or tip).
 *
 * <p>History is trusted only where it is provably continuous: segment sequence numbers are consecutive,
 * so a segment missing between two present ones (deleted, or its manifest unreadable) is a hole, which
 * ends the run at the position before it exactly as a recorded gap does ({@link #holes()}); the history
 * after it is restorable again only from a snapshot anchored after the hole. The same holds across a recorded
 * gap (the new history's first segments are missing: a hole from the gap's end), and at the end of the history
 * when the capture tip follows a segment that is not there (a hole from the newest present segment to the tip).
 * Missing segments before the oldest present one are not a hole here: without the retention settings the
 * manifests cannot tell them from history that retention pruned ({@code verify} can). A segment that starts a new
 * history ({@link SegmentManifest#fresh()}) ends the run before it too, even when the gap manifest that
 * should record it is missing.
 */
public final class CaptureTimeline {
    /** How far before a snapshot's start a segment position must be to anchor it by time (host/server clock slack). */
    public static final Duration DERIVED_ANCHOR_MARGIN = Duration.ofSeconds(2);

    /**
     * A run of contiguous committed segments, ended by {@code endedBy} (null: the current run), extended
     * to {@code tip} (a cluster time after the newest segment's position with no change in between; null: none).
     */
    public record Run(List<SegmentManifest> segments, GapManifest endedBy, BsonTimestamp tip) {
        /** A run without a capture tip. */
        public Run(List<SegmentManifest> segments, GapManifest endedBy) {
            this(segments, endedBy, null);
        }

        /** The position after the run's newest segment, or the tip when it is later. */
        public BsonTimestamp end() {
            BsonTimestamp last = segments.get(segments.size() - 1).position().clusterTime();
            return tip != null && (last == null || tip.compareTo(last) > 0) ? tip : last;
        }

        /** Whether the run goes on past its newest segment (through the tip). */
        boolean extendedByTip() {
            BsonTimestamp last = segments.get(segments.size() - 1).position().clusterTime();
            return tip != null && last != null && tip.compareTo(last) > 0;
        }

        /** Every change with a time up to and including this instant is committed in this run. */
        public Instant coveredUntil() {
            BsonTimestamp end = end();
            return end == null ? Instant.EPOCH : Instant.ofEpochSecond(end.getTime()).minusMillis(1);
        }

        long firstSeq() {
            return segments.get(0).seq();
        }

        long lastSeq() {
            return segments.get(segments.size() - 1).seq();
        }
    }

    /** A snapshot tied to a run: replay the run's segments after {@code segmentSeq}. */
    public record Anchored(SnapshotManifest snapshot, Run run, long segmentSeq) {}

    private final String db;
    private final List<SnapshotManifest> snapshots;
    private final Map<String, SnapshotAnchor> anchors = new HashMap<>();
    private final List<GapManifest> gaps;
    private final List<GapManifest> holes = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();

    public CaptureTimeline(String db, List<SnapshotManifest> snapshots, List<SnapshotAnchor> anchors,
            List<SegmentManifest> segments, List<GapManifest> gaps) {
        this(db, snapshots, anchors, segments, gaps, null);
    }

    /** As the other constructor, with the database's capture tip (null: none); a stale tip is ignored. */
    public CaptureTimeline(String db, List<SnapshotManifest> snapshots, List<SnapshotAnchor> anchors,
            List<SegmentManifest> segments, List<GapManifest> gaps, CaptureTip tip) {
        this.db = db;
        // a safety snapshot is a copy taken before a forced restore, never a point-in-time base
        this.snapshots = snapshots.stream().filter(s -> !s.isSafety()).sorted(Comparator.comparing(SnapshotManifest::finished))
                .toList();
        anchors.forEach(a -> this.anchors.put(a.snapshotId(), a));
        List<GapManifest> recorded = gaps.stream().sorted(Comparator.comparingLong(GapManifest::afterSeq)).toList();
        List<SegmentManifest> sorted = segments.stream().sorted(Comparator.comparingLong(SegmentManifest::seq)).toList();
        List<SegmentManifest> current = new ArrayList<>();
        int g = 0;
        SegmentManifest previous = null; // the segment before m, in whichever run
        GapManifest endedBy = null; // the recorded gap that ended previous's run, if one did
        for (SegmentManifest m : sorted) {
            if (!current.isEmpty()) {
                SegmentManifest prev = current.get(current.size() - 1);
                if (m.seq() != prev.seq() + 1 || m.fresh()) {
                    GapManifest hole = m.seq() != prev.seq() + 1 ? hole(prev, m) : restart(prev, m);
                    holes.add(hole);
                    runs.add(new Run(List.copyOf(current), hole, hole.from()));
                    current.clear();
                }
            } else if (previous != null && endedBy != null && m.seq() != previous.seq() + 1) {
                // the first segments of the history after a recorded gap are missing
                holes.add(afterGap(endedBy, previous, m));
            }
            current.add(m);
            GapManifest ending = null;
            while (g < recorded.size() && recorded.get(g).afterSeq() <= m.seq()) {
                if (recorded.get(g).afterSeq() == m.seq()) {
                    ending = recorded.get(g);
                }
                g++;
            }
            if (ending != null) {
                // the gap starts at the position capture had committed: the newest segment's, or the tip's
                runs.add(new Run(List.copyOf(current), ending, ending.from()));
                current.clear();
            }
            previous = m;
            endedBy = ending;
        }
        if (!current.isEmpty()) {
            long newest = current.get(current.size() - 1).seq();
            boolean valid = tip != null && tip.extendsSegment(newest);
            runs.add(new Run(List.copyOf(current), null, valid ? tip.position().clusterTime() : null));
        }
        if (previous != null && tip != null && tip.afterSeq() > previous.seq() && tip.position() != null
                && tip.position().clusterTime() != null) {
            holes.add(beforeTip(previous, tip)); // the tip follows segments that are not there
        }
        List<GapManifest> all = new ArrayList<>(recorded);
        all.addAll(holes);
        all.sort(Comparator.comparingLong(GapManifest::afterSeq));
        this.gaps = List.copyOf(all);
    }

    /**
     * The gap before a segment that starts a new history ({@link SegmentManifest#fresh()}) while no recorded gap
     * ends the run before it: its gap manifest is missing, and the history between them is not continuous.
     */
    private GapManifest restart(SegmentManifest before, SegmentManifest after) {
        GapManifest h = hole(before, after);
        return new GapManifest(db, h.afterSeq(), h.from(), h.fromTime(), h.to(), "capture started a new history at change"
                + " segment " + after.id() + " but no gap manifest says why (it is missing): the history before and after it"
                + " is not continuous; run 'prodguard verify'");
    }

    /**
     * The gap that missing first segments of the history after the recorded gap {@code recorded} leave: from the
     * recorded gap's end (when capture began the new history) to the first segment that is there, {@code after}.
     */
    private GapManifest afterGap(GapManifest recorded, SegmentManifest before, SegmentManifest after) {
        GapManifest h = hole(before, after);
        Instant from = recorded.to();
        return new GapManifest(db, before.seq(), new BsonTimestamp((int) from.getEpochSecond(), 0), from,
                h.to().isBefore(from) ? from : h.to(), h.reason());
    }

    /** The gap that segments the capture tip follows leave when they are missing: from the newest present one to the tip. */
    private GapManifest beforeTip(SegmentManifest newest, CaptureTip tip) {
        BsonTimestamp from = newest.position().clusterTime();
        Instant fromTime = from == null ? null : Instant.ofEpochSecond(from.getTime());
        BsonTimestamp until = tip.position().clusterTime();
        return new GapManifest(db, newest.seq(), from, fromTime, Instant.ofEpochSecond(until.getTime()),
                missing(newest.seq() + 1, tip.afterSeq()) + " missing or unreadable (deleted or damaged), though the capture"
                + " tip shows capture committed " + (tip.afterSeq() == newest.seq() + 1 ? "it" : "them") + ", so the changes"
                + " recorded there cannot be replayed; run 'prodguard verify'");
    }

    /** "change segment X is" or "change segments X to Y are". */
    private String missing(long first, long last) {
        return first == last ? "change segment " + SegmentManifest.id(db, first) + " is"
                : "change segments " + SegmentManifest.id(db, first) + " to " + SegmentManifest.id(db, last) + " are";
    }

    /** The gap a missing or unreadable segment leaves between {@code before} and {@code after}. */
    private GapManifest hole(SegmentManifest before, SegmentManifest after) {
        BsonTimestamp from = before.position().clusterTime();
        Instant fromTime = from == null ? null : Instant.ofEpochSecond(from.getTime());
        Instant to = after.firstWallTime() != null ? after.firstWallTime()
                : after.firstClusterTime() != null ? Instant.ofEpochSecond(after.firstClusterTime().getTime())
                : after.committedAt() != null ? after.committedAt() : fromTime;
        return new GapManifest(db, before.seq(), from, fromTime, to == null ? Instant.EPOCH : to, missing(before.seq() + 1,
                after.seq() - 1)
                + " missing or unreadable (deleted or damaged), so the changes recorded there cannot be replayed;"
                + " run 'prodguard verify'");
    }

    public String db() {
        return db;
    }

    public List<Run> runs() {
        return runs;
    }

    /** Every gap, recorded by capture or left by a missing segment ({@link #holes()}), in history order. */
    public List<GapManifest> gaps() {
        return gaps;
    }

    /** The gaps left by missing or unreadable segments (no gap manifest records them). */
    public List<GapManifest> holes() {
        return List.copyOf(holes);
    }

    /** The run that capture continues now (after the last gap), or null when there is none. */
    public Run currentRun() {
        if (runs.isEmpty()) {
            return null;
        }
        Run last = runs.get(runs.size() - 1);
        return last.endedBy() == null ? last : null;
    }

    /** Where a snapshot is anchored, or null when no run covers its start. */
    public Anchored anchor(SnapshotManifest s) {
        SnapshotAnchor a = anchors.get(s.id());
        for (Run r : runs) {
            if (a != null) {
                if (a.segmentSeq() >= r.firstSeq() && a.segmentSeq() <= r.lastSeq()) {
                    return new Anchored(s, r, a.segmentSeq());
                }
                continue;
            }
            long limit = s.started().minus(DERIVED_ANCHOR_MARGIN).getEpochSecond();
            SegmentManifest best = null;
            for (SegmentManifest m : r.segments()) {
                BsonTimestamp t = m.position().clusterTime();
                if (t != null && t.getTime() <= limit) {
                    best = m;
                }
            }
            // anchored only if the run goes on past the snapshot's start (capture was running then)
            if (best != null && (best != r.segments().get(r.segments().size() - 1)
                    || (r.extendedByTip() && r.end().getTime() > s.started().getEpochSecond()))) {
                return new Anchored(s, r, best.seq());
            }
        }
        return null;
    }

    /** Whether the current run has an anchored snapshot (else capture must take one). */
    public boolean currentRunHasSnapshot() {
        Run current = currentRun();
        return current != null && snapshots.stream().map(this::anchor).anyMatch(a -> a != null && a.run() == current);
    }

    /** The restorable windows (kind "capture") and the gaps (kind "gap"), by start. */
    public List<RestoreWindow> windows() {
        List<RestoreWindow> out = new ArrayList<>();
        for (Run r : runs) {
            Anchored first = null;
            for (SnapshotManifest s : snapshots) {
                Anchored a = anchor(s);
                if (a != null && a.run() == r && !s.finished().isAfter(r.coveredUntil())) {
                    first = a;
                    break;
                }
            }
            if (first != null) {
                out.add(new RestoreWindow("capture", Instants.jsonIso(first.snapshot().finishedAt()), Instants.json(r.coveredUntil()),
                        first.snapshot().id(), db));
            }
        }
        for (GapManifest g : gaps) {
            out.add(new RestoreWindow("gap", g.fromTime() == null ? "unknown" : Instants.json(g.fromTime()), Instants.json(g.to()), null, db));
        }
        out.sort(RestoreWindow.BY_START);
        return out;
    }

    /**
     * The newest snapshot to restore for instant {@code t}: anchored, finished at or before {@code t},
     * in a run that covers {@code t}.
     *
     * @throws ProdguardException REFUSED when {@code t} is outside every window, naming the windows
     */
    public Anchored choose(Instant t) {
        Anchored best = null;
        for (SnapshotManifest s : snapshots) {
            Anchored a = anchor(s);
            if (a != null && !s.finished().isAfter(t) && !t.isAfter(a.run().coveredUntil())) {
                best = a;
            }
        }
        if (best == null) {
            throw new ProdguardException(ErrorCode.REFUSED, "cannot restore " + db + " to " + Instants.human(t)
                    + ": it is outside every restorable window (" + describeWindows() + "); choose an instant inside one,"
                    + " or restore a snapshot with --snapshot");
        }
        return best;
    }

    /** The segments to replay from an anchored snapshot up to instant {@code t}, oldest first. */
    public List<SegmentManifest> segmentsFor(Anchored a, Instant t) {
        List<SegmentManifest> out = new ArrayList<>();
        for (SegmentManifest m : a.run().segments()) {
            if (m.seq() <= a.segmentSeq()) {
                continue;
            }
            out.add(m);
            BsonTimestamp p = m.position().clusterTime();
            if (p != null && Instant.ofEpochSecond(p.getTime()).isAfter(t)) {
                break; // every later event has a time after t
            }
        }
        return out;
    }

    /** The windows and gaps in one line, for messages. */
    public String describeWindows() {
        List<String> parts = new ArrayList<>();
        for (RestoreWindow w : windows()) {
            parts.add(("gap".equals(w.kind()) ? "gap " : "") + Instants.humanIso(w.from()) + " .. " + Instants.humanIso(w.to()));
        }
        if (parts.isEmpty()) {
            return "none: " + (runs.isEmpty() ? "no changes of " + db + " were captured; run 'prodguard capture'"
                    : "no snapshot is anchored in the captured history; capture takes one when it starts");
        }
        return "restorable: " + String.join(", ", parts);
    }
}
