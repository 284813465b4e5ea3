package dev.prodguard.verify;

import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.CaptureTip;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.HistoryMarker;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.bson.BsonTimestamp;

/**
 * Verifies the captured history of one database: every segment manifest and the events of its object
 * (streamed, one segment at a time), the consecutive sequence numbers and the order capture writes segments
 * in, the anchors, gaps, the capture tip and capture's other records. Each problem says which restore
 * points it affects ({@link RestorePoints}).
 */
final class HistoryVerifier {
    /** What the history of one database holds and what is wrong with it. */
    record Result(int segments, long events, List<Problem> problems, List<String> notices, RestorePoints points) {}

    private final Repository repo;
    private final String db;
    private final List<SnapshotManifest> snapshots;
    private final List<SnapshotAnchor> anchors;
    private final Set<String> listedAnchors;
    private final Retained retained;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final NavigableMap<Long, SegmentManifest> readable = new TreeMap<>();
    private final Set<Long> listed = new HashSet<>();
    private final Set<String> referenced = new HashSet<>();
    private final List<Long> badObjects = new ArrayList<>();
    private final List<String> badObjectMessages = new ArrayList<>();
    private final List<GapManifest> gaps = new ArrayList<>();
    private long events;

    /**
     * @param snapshots the readable regular snapshots of {@code db}
     * @param anchors the readable anchors of those snapshots
     * @param listedAnchors the ids of every anchor manifest, readable or not
     * @param retained which snapshots retention keeps the history of (an anchor below the oldest segment is
     *     otherwise history that retention pruned)
     */
    HistoryVerifier(Repository repo, String db, List<SnapshotManifest> snapshots, List<SnapshotAnchor> anchors,
            Set<String> listedAnchors, Retained retained) {
        this.repo = repo;
        this.db = db;
        this.snapshots = snapshots;
        this.anchors = anchors;
        this.listedAnchors = listedAnchors;
        this.retained = retained;
    }

    /** Which snapshots retention keeps the captured history of. */
    interface Retained {
        boolean historyKept(SnapshotManifest s, List<SnapshotManifest> all, List<GapManifest> gaps);
    }

    /**
     * Verifies the history. The order of the reads keeps a running capture from looking like damage: records
     * first (the status record, then the tip it follows), then the data objects, then the segments and gaps, so
     * everything a record names was committed before the segments are listed, and an object committed meanwhile
     * is never counted as one without a manifest.
     */
    Result run() {
        Record<CaptureState> status = record(CaptureState.record(db), CaptureState::fromJson);
        Record<CaptureTip> tip = record(CaptureTip.record(db), CaptureTip::fromJson);
        Record<String> marker = record(HistoryMarker.record(db), b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
        List<String> objects = repo.listObjects("segments/" + db + "/");
        List<String> ids = SegmentReader.ids(repo, db);
        for (String id : ids) {
            listed.add(SegmentReader.seq(id));
            readSegment(id);
        }
        List<String> badGaps = readGaps();
        long newestListed = ids.isEmpty() ? 0 : SegmentReader.seq(ids.get(ids.size() - 1));
        long newest = newestListed;
        if (tip.value() != null && tip.value().database().equals(db)) {
            newest = Math.max(newest, tip.value().afterSeq());
        }
        if (status.value() != null && status.value().lastSeq() != null) {
            newest = Math.max(newest, status.value().lastSeq());
        }
        RestorePoints points = new RestorePoints(db, snapshots, anchors, readable, newest, gaps, tip.value());
        segmentProblems(points);
        holes(points, newestListed, newest, tip.value(), status.value());
        continuity(points);
        CaptureTip validTip = tip.value() != null && !readable.isEmpty() && tip.value().extendsSegment(readable.lastKey())
                ? tip.value() : null;
        new AnchorChecks(db, snapshots, anchors, listedAnchors, readable, listed, gaps, retained,
                validTip == null ? null : validTip.committedAt(), problems, notices).run(points);
        for (String key : badGaps) {
            problems.add(new Problem(Problem.GAP, null, key, "gap manifest " + key + " cannot be read, so prodguard cannot"
                    + " tell where the captured history of " + db + " is broken", List.of(points.everyPointInTime())));
        }
        tipProblems(points, tip, status.value(), newestListed);
        if (status.error() != null) {
            problems.add(recordProblem(status, "capture status record", "status shows no capture state for " + db
                    + " until capture writes the record again"));
        }
        if (marker.error() != null) {
            problems.add(recordProblem(marker, "history marker record", "capture of " + db + " cannot check that it follows"
                    + " the same history until the record is rewritten"));
        }
        unreferencedObjects(objects);
        return new Result(readable.size(), events, problems, notices, points);
    }

    private void readSegment(String id) {
        String key = manifestKey(SegmentManifest.KIND, id);
        SegmentManifest m;
        try {
            m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id));
        } catch (ProdguardException e) {
            RepositoryVerifier.rethrowKey(e);
            return; // an unreadable manifest is a hole in the sequence: reported with the holes
        } catch (RuntimeException e) {
            return;
        }
        if (m.seq() != SegmentReader.seq(id) || !m.database().equals(db)) {
            problems.add(new Problem(Problem.SEGMENT, null, key, "segment manifest " + key + " names itself segment "
                    + m.seq() + " of " + m.database() + ": the repository is inconsistent", List.of()));
            return;
        }
        readable.put(m.seq(), m);
        if (m.object() == null) {
            if (m.events() > 0) {
                badObjects.add(m.seq());
                badObjectMessages.add("segment " + id + " records " + m.events() + " event(s) but names no data object");
            }
            return;
        }
        referenced.add(m.object().key());
        String why = readEvents(m);
        if (why != null) {
            badObjects.add(m.seq());
            badObjectMessages.add(why);
        }
    }

    /** Streams a segment's events: they must decode, be in time order within the manifest's bounds, and add up. */
    private String readEvents(SegmentManifest m) {
        long[] count = {0};
        BsonTimestamp[] last = {null};
        String[] wrong = {null};
        try {
            SegmentReader.read(repo, m, e -> {
                count[0]++;
                BsonTimestamp t = e.meta().clusterTime();
                if (wrong[0] == null && (t == null || (last[0] != null && t.compareTo(last[0]) < 0)
                        || (m.firstClusterTime() != null && t.compareTo(m.firstClusterTime()) < 0)
                        || (m.lastClusterTime() != null && t.compareTo(m.lastClusterTime()) > 0))) {
                    wrong[0] = "event " + count[0] + " of segment " + m.id() + " has cluster time " + t
                            + ", out of the order or the bounds its manifest records";
                }
                last[0] = t;
            });
        } catch (ProdguardException e) {
            RepositoryVerifier.rethrowKey(e);
            if (e.getCause() instanceof java.io.EOFException) { // the object is intact, but what it holds is no event stream
                return "the events of change segment " + m.id() + " in " + m.object().key() + " cannot be decoded (the object"
                        + " ends inside an event)";
            }
            return "change segment " + m.id() + ": " + RepositoryVerifier.reason(e);
        } catch (RuntimeException e) {
            return "the events of change segment " + m.id() + " in " + m.object().key() + " cannot be decoded ("
                    + e.getMessage() + ")";
        }
        events += count[0];
        if (wrong[0] != null) {
            return wrong[0];
        }
        if (count[0] != m.events()) {
            return "change segment " + m.id() + " holds " + count[0] + " event(s) but its manifest records " + m.events();
        }
        return null;
    }

    private void segmentProblems(RestorePoints points) {
        for (int i = 0; i < badObjects.size(); i++) {
            SegmentManifest m = readable.get(badObjects.get(i));
            problems.add(new Problem(Problem.SEGMENT_OBJECT, m.object() == null ? null : m.object().key(),
                    manifestKey(SegmentManifest.KIND, m.id()), badObjectMessages.get(i), points.forSegment(m.seq())));
        }
    }

    /** Sequence numbers missing or unreadable between the oldest listed segment and the newest anything shows. */
    private void holes(RestorePoints points, long newestListed, long newest, CaptureTip tip, CaptureState status) {
        if (listed.isEmpty() && newest == 0) {
            return;
        }
        long first = listed.isEmpty() ? 1 : listed.stream().min(Long::compare).orElseThrow();
        long seq = first;
        while (seq <= newest) {
            if (readable.containsKey(seq)) {
                seq++;
                continue;
            }
            long from = seq;
            boolean unreadable = listed.contains(seq);
            while (seq + 1 <= newest && !readable.containsKey(seq + 1) && listed.contains(seq + 1) == unreadable) {
                seq++;
            }
            String ids = from == seq ? "change segment " + SegmentManifest.id(db, from)
                    : "change segments " + SegmentManifest.id(db, from) + " to " + SegmentManifest.id(db, seq);
            String what;
            if (unreadable) {
                what = ids + (from == seq ? " cannot be read (its manifest is damaged)" : " cannot be read (their manifests are damaged)");
            } else if (from > newestListed) {
                what = ids + (from == seq ? " is" : " are") + " missing: the " + (tip != null && tip.afterSeq() >= from
                        ? "capture tip" : "capture status record") + " shows segment " + newest + " was committed";
            } else {
                what = ids + (from == seq ? " is" : " are") + " missing: segment numbers are consecutive, so the changes"
                        + " recorded there are lost (a deleted manifest)";
            }
            problems.add(new Problem(Problem.SEGMENT, null, manifestKey(SegmentManifest.KIND, SegmentManifest.id(db, from)),
                    what, points.forSegment(from)));
            seq++;
        }
    }

    /** Each segment begins where the one before it ended (capture writes them in cluster-time order). */
    private void continuity(RestorePoints points) {
        Set<Long> gapEnds = new HashSet<>();
        gaps.forEach(g -> gapEnds.add(g.afterSeq()));
        SegmentManifest prev = null;
        for (SegmentManifest m : readable.values()) {
            if (prev != null && m.seq() == prev.seq() + 1 && !gapEnds.contains(prev.seq()) && m.fresh()) {
                problems.add(new Problem(Problem.GAP, null, manifestKey(SegmentManifest.KIND, m.id()), "change segment " + m.id()
                        + " starts a new history (capture started from then, not from where " + prev.id() + " ended), but no"
                        + " gap manifest records the gap before it: it is missing, and restores across it would replay"
                        + " across lost history (the timeline ends the window there)", points.forSegment(m.seq())));
            } else if (prev != null && m.seq() == prev.seq() + 1 && !gapEnds.contains(prev.seq())) {
                BsonTimestamp before = prev.position().clusterTime();
                BsonTimestamp start = m.firstClusterTime() != null ? m.firstClusterTime() : m.position().clusterTime();
                if (before != null && start != null && start.compareTo(before) < 0) {
                    problems.add(new Problem(Problem.CONTINUITY, null, manifestKey(SegmentManifest.KIND, m.id()), "change segment "
                            + m.id() + " starts at cluster time " + text(start) + ", before segment " + prev.id()
                            + " ended (" + text(before) + "): capture never writes segments out of order", points.forSegment(m.seq())));
                }
            }
            prev = m;
        }
    }

    private void tipProblems(RestorePoints points, Record<CaptureTip> tip, CaptureState status, long newestListed) {
        if (tip.error() != null) {
            problems.add(new Problem(Problem.TIP, null, tip.key(), "the capture tip of " + db + " (" + tip.key() + ") cannot be"
                    + " read: " + tip.error(), points.afterNewest(status == null ? null : status.lastCommitAt())));
            return;
        }
        CaptureTip t = tip.value();
        SegmentManifest newest = readable.isEmpty() ? null : readable.lastEntry().getValue();
        if (t == null) {
            boolean advanced = status != null && newest != null && status.lastSeq() != null && status.lastSeq() == newest.seq()
                    && status.lastCommitAt() != null && newest.committedAt() != null
                    && status.lastCommitAt().isAfter(newest.committedAt());
            if (advanced) {
                problems.add(new Problem(Problem.TIP, null, tip.key(), "the capture tip of " + db + " (" + tip.key() + ") is"
                        + " missing, but the capture status record shows capture advanced it at " + status.lastCommitAt()
                        + " past segment " + newest.id(), points.afterNewest(status.lastCommitAt())));
            }
            return;
        }
        if (!t.database().equals(db)) {
            problems.add(new Problem(Problem.TIP, null, tip.key(), "the capture tip " + tip.key() + " names database "
                    + t.database() + ", not " + db, points.afterNewest(null)));
        } else if (t.afterSeq() < newestListed) {
            notices.add("the capture tip of " + db + " is stale (it extends segment " + t.afterSeq() + "; newer segments"
                    + " supersede it, as they should)");
        }
    }

    private List<String> readGaps() {
        List<String> bad = new ArrayList<>();
        for (String id : SegmentReader.gapIds(repo, db)) {
            try {
                GapManifest g = GapManifest.fromJson(repo.readManifest(GapManifest.KIND, id));
                if (g.database().equals(db)) {
                    gaps.add(g);
                }
            } catch (ProdguardException e) {
                RepositoryVerifier.rethrowKey(e);
                bad.add(manifestKey(GapManifest.KIND, id));
            } catch (RuntimeException e) {
                bad.add(manifestKey(GapManifest.KIND, id));
            }
        }
        return bad;
    }

    private void unreferencedObjects(List<String> objects) {
        int n = 0;
        for (String key : objects) {
            if (!referenced.contains(key)) {
                n++;
            }
        }
        if (n > 0) {
            notices.add(n + " data object(s) under data/segments/" + db + "/ belong to no segment manifest: an interrupted"
                    + " commit, or a deleted manifest");
        }
    }

    /** A record's value, or why it cannot be read (null and null: absent). */
    private record Record<T>(String key, T value, String error) {}

    private <T> Record<T> record(String name, java.util.function.Function<byte[], T> parse) {
        String key = "records/" + name + ".record";
        try {
            byte[] b = repo.getRecord(name);
            return new Record<>(key, b == null ? null : parse.apply(b), null);
        } catch (ProdguardException e) {
            RepositoryVerifier.rethrowKey(e);
            return new Record<>(key, null, RepositoryVerifier.reason(e));
        } catch (RuntimeException e) {
            return new Record<>(key, null, "it is not a valid record (" + e.getMessage() + ")");
        }
    }

    private static Problem recordProblem(Record<?> r, String what, String consequence) {
        return new Problem(Problem.RECORD, null, r.key(), "the " + what + " " + r.key() + " cannot be read: " + r.error(),
                List.of("no restore point (" + consequence + ")"));
    }

    static String manifestKey(String kind, String id) {
        return "manifests/" + kind + "/" + id + ".manifest";
    }

    private static String text(BsonTimestamp t) {
        return Instants.clusterTime(Integer.toUnsignedLong(t.getTime()), Integer.toUnsignedLong(t.getInc()));
    }
}
