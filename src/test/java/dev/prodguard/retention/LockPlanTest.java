package dev.prodguard.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Object Lock retention each snapshot and segment needs, case by case, as pure code. */
class LockPlanTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration L = Duration.ofDays(30);

    static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    static Inventory.Snapshot snap(String id, int finishedHour, Long anchor) {
        return new Inventory.Snapshot(id, "db", at(finishedHour - 1), at(finishedHour),
                List.of(new ObjectRef("data/snapshots/" + id + "/o", "00", 1, 1)), anchor);
    }

    static Inventory.Segment seg(long seq, int fromHour, int toHour) {
        return new Inventory.Segment("db-" + seq, "db", seq, at(fromHour), at(toHour),
                new ObjectRef("data/segments/db/" + seq, "00", 1, 1));
    }

    static Instant of(Map<LockPlan.Target, Instant> m, PrunePlan.Kind kind, String id) {
        return m.get(new LockPlan.Target(kind, id));
    }

    @Test
    void oneRunStaysLockedUntilNowPlusThePeriod() {
        Inventory inv = new Inventory(List.of(snap("s1", 10, 0L)), List.of(seg(1, 10, 20), seg(2, 20, 30)), List.of(), List.of());
        Map<LockPlan.Target, Instant> m = LockPlan.required(inv, L, at(40));
        assertThat(of(m, PrunePlan.Kind.SNAPSHOT, "s1")).isEqualTo(at(40).plus(L));
        assertThat(of(m, PrunePlan.Kind.SEGMENT, "db-1")).isEqualTo(at(40).plus(L));
        assertThat(of(m, PrunePlan.Kind.SEGMENT, "db-2")).isEqualTo(at(40).plus(L));
    }

    /** After s2 finishes, restores start from s2: s1 and the segments up to s2's anchor are needed until then. */
    @Test
    void aLaterAnchoredSnapshotEndsWhatTheOlderChainNeeds() {
        Inventory inv = new Inventory(List.of(snap("s1", 10, 0L), snap("s2", 20, 3L)),
                List.of(seg(1, 10, 12), seg(2, 12, 15), seg(3, 15, 18), seg(4, 18, 22), seg(5, 22, 25)), List.of(), List.of());
        Map<LockPlan.Target, Instant> m = LockPlan.required(inv, L, at(40));
        assertThat(of(m, PrunePlan.Kind.SNAPSHOT, "s1")).isEqualTo(at(20).plus(L));
        assertThat(of(m, PrunePlan.Kind.SNAPSHOT, "s2")).isEqualTo(at(40).plus(L));
        for (long s = 1; s <= 3; s++) {
            assertThat(of(m, PrunePlan.Kind.SEGMENT, "db-" + s)).as("segment " + s).isEqualTo(at(20).plus(L));
        }
        assertThat(of(m, PrunePlan.Kind.SEGMENT, "db-4")).isEqualTo(at(40).plus(L));
        assertThat(of(m, PrunePlan.Kind.SEGMENT, "db-5")).isEqualTo(at(40).plus(L));
    }

    @Test
    void aGapEndsTheRun() {
        Inventory inv = new Inventory(List.of(snap("s1", 10, 0L)), List.of(seg(1, 10, 12), seg(2, 12, 15)),
                List.of(new Inventory.Gap("db", at(15), at(30))), List.of());
        Map<LockPlan.Target, Instant> m = LockPlan.required(inv, L, at(40));
        assertThat(of(m, PrunePlan.Kind.SNAPSHOT, "s1")).isEqualTo(at(15).plus(L));
        assertThat(of(m, PrunePlan.Kind.SEGMENT, "db-2")).isEqualTo(at(15).plus(L));
    }

    @Test
    void snapshotsWithoutCaptureAndSafetySnapshotsAreTheirOwnRestorePoint() {
        Inventory.Snapshot safety = new Inventory.Snapshot("safe", "db", at(4), at(5), List.of(), null, true);
        Inventory inv = new Inventory(List.of(snap("plain", 8, null), safety), List.of(), List.of(), List.of());
        Map<LockPlan.Target, Instant> m = LockPlan.required(inv, L, at(40));
        assertThat(of(m, PrunePlan.Kind.SNAPSHOT, "plain")).isEqualTo(at(8).plus(L));
        assertThat(of(m, PrunePlan.Kind.SNAPSHOT, "safe")).isEqualTo(at(5).plus(L));
    }

    /**
     * Property over random histories: every restore point T (each segment's end) is protected until T + L by
     * everything a restore to T reads: its base (the newest anchored snapshot finished by T) and the segments from
     * the base's anchor up to T.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everythingARestoreReadsIsLockedAtLeastAsLongAsItsPoint(long seed) {
        Random r = new Random(seed);
        List<Inventory.Segment> segs = new ArrayList<>();
        List<Inventory.Snapshot> snaps = new ArrayList<>();
        int hour = 1;
        snaps.add(snap("s0", hour, 0L));
        for (long seq = 1; seq <= 30; seq++) {
            int len = 1 + r.nextInt(3);
            segs.add(seg(seq, hour, hour + len));
            hour += len;
            if (r.nextInt(6) == 0) {
                snaps.add(snap("s" + seq, hour + 1, seq)); // anchored at seq, finishes an hour later
            }
        }
        Instant now = at(hour + 5);
        Map<LockPlan.Target, Instant> m = LockPlan.required(new Inventory(snaps, segs, List.of(), List.of()), L, now);
        for (Inventory.Segment point : segs) {
            Instant t = point.to();
            Inventory.Snapshot base = null;
            for (Inventory.Snapshot s : snaps) {
                if (!s.finished().isAfter(t) && s.anchorSeq() < point.seq()) {
                    base = s;
                }
            }
            if (base == null) {
                continue;
            }
            assertThat(of(m, PrunePlan.Kind.SNAPSHOT, base.id())).as("base of " + t).isAfterOrEqualTo(t.plus(L));
            for (Inventory.Segment g : segs) {
                if (g.seq() > base.anchorSeq() && g.seq() <= point.seq()) {
                    assertThat(of(m, PrunePlan.Kind.SEGMENT, g.id())).as(g.id() + " for " + t).isAfterOrEqualTo(t.plus(L));
                }
            }
        }
    }
}
