package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restore-point selection as a table of named cases over constructed histories (the style of
 * Litestream's restore-plan tests): what each selector means with prodguard's own drops, drop bursts,
 * later restores, gaps and holes, several snapshots in one window, and T exactly at a snapshot's finish.
 * Pure: manifests and events are built in memory; nothing is read from a repository or a database.
 */
class RestorePointSelectionTest {
    static final String DB = "shop";
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    /** A history under construction: snapshots, anchors, gaps and segments with their events. */
    static final class History {
        final List<SnapshotManifest> snapshots = new ArrayList<>();
        final List<SnapshotAnchor> anchors = new ArrayList<>();
        final List<GapManifest> gaps = new ArrayList<>();
        final List<SegmentManifest> segments = new ArrayList<>();
        final Map<Long, List<ChangeEvent>> events = new HashMap<>();
        private int inc;

        /** Capture started: segment 1, a position only, at second 2; snapshot s1 read 5..6 s, anchored on it. */
        static History started() {
            History h = new History();
            h.segment(1, 2);
            h.snapshot("s1", 5, 6, "backup").anchor("s1", 1);
            return h;
        }

        History snapshot(String id, double start, double finish, String purpose) {
            snapshots.add(new SnapshotManifest(1, id, DB, at(start).toString(), at(finish).toString(), 1000, "prodguard", List.of(),
                    purpose, null));
            return this;
        }

        History anchor(String snapshot, long seq) {
            anchors.add(new SnapshotAnchor(snapshot, DB, seq, null));
            return this;
        }

        History gap(long afterSeq, double from, double to) {
            gaps.add(new GapManifest(DB, afterSeq, ts(from), at(from), at(to), "lost"));
            return this;
        }

        /** A segment whose position is at second {@code end}, holding {@code evs} (built at their seconds). */
        /** A segment that starts a new history (capture restarted after a gap), with no gap manifest recorded. */
        @SafeVarargs
        final History freshSegment(long seq, double end, UnaryOperator<History>... evs) {
            segment(seq, end, evs);
            SegmentManifest m = segments.remove(segments.size() - 1);
            segments.add(new SegmentManifest(m.seq(), m.database(), m.path(), m.events(), m.firstClusterTime(), m.lastClusterTime(),
                    m.firstWallTime(), m.lastWallTime(), m.position(), m.object(), m.committedAt(), null, true));
            return this;
        }

        @SafeVarargs
        final History segment(long seq, double end, UnaryOperator<History>... evs) {
            pendingSeq = seq;
            for (UnaryOperator<History> e : evs) {
                e.apply(this);
            }
            List<ChangeEvent> list = events.getOrDefault(seq, List.of());
            BsonTimestamp first = list.isEmpty() ? null : list.get(0).meta().clusterTime();
            BsonTimestamp last = list.isEmpty() ? null : list.get(list.size() - 1).meta().clusterTime();
            segments.add(new SegmentManifest(seq, DB, "database stream", list.size(), first, last,
                    list.isEmpty() ? null : list.get(0).meta().wallTime(), list.isEmpty() ? null : list.get(list.size() - 1).meta().wallTime(),
                    CapturePosition.afterTime(ts(end)), null, at(end)));
            return this;
        }

        private long pendingSeq;

        History add(ChangeEvent e) {
            events.computeIfAbsent(pendingSeq, k -> new ArrayList<>()).add(e);
            return this;
        }

        EventMeta meta(String coll, double s) {
            BsonTimestamp ct = ts(s);
            return new EventMeta(new BsonDocument("_data", new BsonString("t" + (++inc))), ct, at(s), new Namespace(DB, coll));
        }

        CaptureTimeline timeline() {
            return new CaptureTimeline(DB, snapshots, anchors, segments, gaps);
        }

        PointInTimePlanner.SegmentEvents reader() {
            return (m, sink) -> events.getOrDefault(m.seq(), List.of()).forEach(sink);
        }
    }

    static Instant at(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    /** Second {@code s} as a cluster time: the whole second, and the milliseconds as the increment (so order is kept). */
    static BsonTimestamp ts(double s) {
        long ms = Math.round(s * 1000);
        return new BsonTimestamp((int) (T0.getEpochSecond() + ms / 1000), (int) (ms % 1000) + 1);
    }

    static UnaryOperator<History> insert(String coll, double s) {
        return h -> h.add(new ChangeEvent.Insert(h.meta(coll, s), new BsonDocument("_id", new BsonInt32(1)),
                new BsonDocument("_id", new BsonInt32(1))));
    }

    static UnaryOperator<History> delete(String coll, double s) {
        return h -> h.add(new ChangeEvent.Delete(h.meta(coll, s), new BsonDocument("_id", new BsonInt32(1))));
    }

    static UnaryOperator<History> drop(String coll, double s) {
        return h -> h.add(new ChangeEvent.Drop(h.meta(coll, s)));
    }

    static UnaryOperator<History> dropDatabase(double s) {
        return h -> h.add(new ChangeEvent.DropDatabase(h.meta(null, s)));
    }

    /** A prodguard restore into the database begins: its marker is inserted. */
    static UnaryOperator<History> restoreBegins(double s) {
        return insert("prodguard_restore_in_progress", s);
    }

    /** The restore succeeded: its marker collection is dropped. */
    static UnaryOperator<History> restoreEnds(double s) {
        return drop("prodguard_restore_in_progress", s);
    }

    /** What a case expects: the base snapshot and the change it stops before (second, or null: an instant), or a refusal. */
    record Expect(String base, Double stopBefore, Instant instant, String refusal) {
        static Expect base(String snapshot, Double stopBefore) {
            return new Expect(snapshot, stopBefore, null, null);
        }

        static Expect atInstant(String snapshot, double s) {
            return new Expect(snapshot, null, at(s), null);
        }

        static Expect refused(String words) {
            return new Expect(null, null, null, words);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("doctor's drop after the wipe is not the last drop",
                        History.started().segment(2, 110, insert("users", 50), drop("users", 100), drop("wallets", 100.2))
                                .segment(3, 210, insert("prodguard_connection_test", 200), drop("prodguard_connection_test", 200.5)),
                        "before-last-drop", Expect.base("s1", 100.0)),
                Arguments.of("drops within the wipe window are one wipe, restored to before the first",
                        History.started().segment(2, 110, drop("users", 100), drop("wallets", 105)),
                        "before-last-drop", Expect.base("s1", 100.0)),
                Arguments.of("drops further apart than the window are two wipes",
                        History.started().segment(2, 130, drop("users", 100), drop("wallets", 120)),
                        "before-last-drop", Expect.base("s1", 120.0)),
                Arguments.of("a change of the user's data between drops splits them",
                        History.started().segment(2, 110, drop("users", 100), insert("orders", 101), drop("wallets", 102)),
                        "before-last-drop", Expect.base("s1", 102.0)),
                Arguments.of("prodguard's heartbeat between drops does not split them",
                        History.started().segment(2, 110, drop("users", 100), insert("prodguard_heartbeat", 101),
                                drop("wallets", 102)),
                        "before-last-drop", Expect.base("s1", 100.0)),
                Arguments.of("a dropDatabase joins the drops before it",
                        History.started().segment(2, 110, drop("prodguard_heartbeat", 99.9), drop("users", 100),
                                drop("wallets", 100.1), dropDatabase(100.2)),
                        "before-last-drop", Expect.base("s1", 100.0)),
                Arguments.of("a later forced restore's drops are not the last drop",
                        History.started().segment(2, 110, drop("users", 100))
                                .segment(3, 210, restoreBegins(200), drop("users", 200.1), insert("users", 200.2),
                                        restoreEnds(201)),
                        "before-last-drop", Expect.base("s1", 100.0)),
                Arguments.of("a wipe after a restore is the last drop",
                        History.started().segment(2, 110, drop("users", 100))
                                .segment(3, 210, restoreBegins(200), insert("users", 200.2), restoreEnds(201))
                                .segment(4, 310, drop("users", 300)),
                        "before-last-drop", Expect.base("s1", 300.0)),
                Arguments.of("dropping only prodguard's own collections is no wipe",
                        History.started().segment(2, 110, drop("prodguard_heartbeat", 100), drop("prodguard_meta", 100.1),
                                dropDatabase(100.2)),
                        "before-last-drop", Expect.refused("holds no drop of your collections")),
                Arguments.of("wipe:<id> keeps its meaning after later wipes and restores",
                        History.started().segment(2, 110, drop("users", 100))
                                .segment(3, 210, restoreBegins(200), insert("users", 200.2), restoreEnds(201))
                                .segment(4, 310, drop("users", 300)),
                        "wipe:" + Incidents.id(ts(100)), Expect.base("s1", 100.0)),
                Arguments.of("wipe:<id> of a mass delete stops before its first delete",
                        History.started().segment(2, 110, insert("ledger", 40), delete("ledger", 100), delete("ledger", 100.1)),
                        "wipe:" + Incidents.id(ts(100)), Expect.base("s1", 100.0)),
                Arguments.of("wipe:<id> that names no change is refused",
                        History.started().segment(2, 110, drop("users", 100)),
                        "wipe:" + Incidents.id(ts(101)), Expect.refused("no change in the captured history")),
                Arguments.of("two snapshots in one window: the newer one finished before T is the base",
                        History.started().segment(2, 140, insert("users", 100)).snapshot("s2", 150, 151, "backup")
                                .segment(3, 300, insert("users", 200)),
                        at(250).toString(), Expect.atInstant("s2", 250)),
                Arguments.of("two snapshots in one window: before the newer one's finish, the older one",
                        History.started().segment(2, 140, insert("users", 100)).snapshot("s2", 150, 151, "backup")
                                .segment(3, 300, insert("users", 200)),
                        at(150.5).toString(), Expect.atInstant("s1", 150.5)),
                Arguments.of("T exactly at a snapshot's finish uses that snapshot",
                        History.started().segment(2, 140, insert("users", 100)).snapshot("s2", 150, 151, "backup")
                                .segment(3, 300, insert("users", 200)),
                        at(151).toString(), Expect.atInstant("s2", 151)),
                Arguments.of("a safety snapshot is never the base",
                        History.started().segment(2, 140, insert("users", 100)).snapshot("safe", 150, 151, "safety")
                                .segment(3, 300, insert("users", 200)),
                        at(250).toString(), Expect.atInstant("s1", 250)),
                Arguments.of("a point inside a recorded gap is refused, naming the windows",
                        History.started().segment(2, 100, insert("users", 50)).gap(2, 100, 400)
                                .segment(3, 450, insert("users", 420)),
                        at(300).toString(), Expect.refused("outside every restorable window")),
                Arguments.of("a deleted gap manifest: the segment that starts a new history still ends the window",
                        History.started().segment(2, 100, insert("users", 50)).freshSegment(3, 300, insert("users", 250)),
                        at(280).toString(), Expect.refused("outside every restorable window")),
                Arguments.of("a missing segment is a hole: a point after it is refused",
                        History.started().segment(2, 100, insert("users", 50)).segment(4, 300, insert("users", 250)),
                        at(280).toString(), Expect.refused("outside every restorable window")),
                Arguments.of("a missing segment is a hole: a point before it restores",
                        History.started().segment(2, 100, insert("users", 50)).segment(4, 300, insert("users", 250)),
                        at(90).toString(), Expect.atInstant("s1", 90)),
                Arguments.of("after a hole, a snapshot anchored after it starts a new window",
                        History.started().segment(2, 100, insert("users", 50)).segment(4, 300, insert("users", 250))
                                .snapshot("s3", 305, 306, "backup").anchor("s3", 4).segment(5, 400, insert("users", 350)),
                        at(380).toString(), Expect.atInstant("s3", 380)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selects(String name, History h, String selector, Expect expect) {
        RestorePoint when = RestorePoint.parse(selector, CLOCK);
        RestoreRequest request = RestoreRequest.defaults().withTargetDb("shop_restored");
        if (expect.refusal() != null) {
            assertThatThrownBy(() -> PointInTimePlanner.plan(h.timeline(), h.reader(), when, request, CLOCK, Duration.ofSeconds(10)))
                    .isInstanceOf(ProdguardException.class).hasMessageContaining(expect.refusal());
            return;
        }
        PointInTimePlanner.PointInTimePlan p = PointInTimePlanner.plan(h.timeline(), h.reader(), when, request, CLOCK,
                Duration.ofSeconds(10));
        assertThat(p.plan().snapshot().id()).as("base snapshot").isEqualTo(expect.base());
        if (expect.stopBefore() != null) {
            assertThat(p.stop()).as("stops before a change").isNotNull();
            assertThat(p.stop().clusterTime()).isEqualTo(ts(expect.stopBefore()));
            assertThat(p.plan().replay()).allSatisfy(step -> assertThat(step.scope().before()).isEqualTo(ts(expect.stopBefore())));
        } else {
            assertThat(p.stop()).isNull();
            assertThat(p.instant()).isEqualTo(expect.instant());
        }
    }
}
