package dev.prodguard.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.retention.PrunePlan.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Planner cases over synthetic timelines at a fixed "now", each checked by {@link RestorePointChecker}. */
class PrunePlannerTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final RetentionPolicy DEFAULTS = RetentionPolicy.defaults();

    static Instant daysAgo(double d) {
        return NOW.minusSeconds((long) (d * 86400));
    }

    static Stream<Arguments> timelines() {
        return Stream.of(
                Arguments.of("120 days of daily snapshots, continuous segments", daily(120).build()),
                Arguments.of("a gap in the window, fresh snapshot after it", withGap().build()),
                Arguments.of("only one snapshot, 120 days old", new Timeline()
                        .snapshot("db", daysAgo(120), Duration.ofMinutes(5))
                        .segments("db", daysAgo(120.01), NOW, Duration.ofHours(6)).build()),
                Arguments.of("snapshots without segments", new Timeline().snapshot("db", daysAgo(50), Duration.ofMinutes(5))
                        .snapshot("db", daysAgo(10), Duration.ofMinutes(5)).snapshot("db", daysAgo(1), Duration.ofMinutes(5)).build()),
                Arguments.of("a snapshot younger than all segments", new Timeline()
                        .segments("db", daysAgo(20), NOW, Duration.ofHours(1))
                        .snapshot("db", daysAgo(2), Duration.ofMinutes(5)).build()),
                Arguments.of("segments but no snapshot", new Timeline().segments("db", daysAgo(20), NOW, Duration.ofHours(1)).build()),
                Arguments.of("two databases", daily(60).snapshot("other", daysAgo(40), Duration.ofMinutes(1))
                        .segments("other", daysAgo(40.01), NOW, Duration.ofHours(12)).build()),
                Arguments.of("hourly snapshots for 10 days", hourly(10).build()),
                Arguments.of("capture down for 9 days ending inside the window", new Timeline()
                        .snapshot("db", daysAgo(30), Duration.ofMinutes(5)).gap("db", daysAgo(12), daysAgo(3))
                        .segments("db", daysAgo(30.01), NOW, Duration.ofHours(2))
                        .snapshot("db", daysAgo(2.9), Duration.ofMinutes(5)).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timelines")
    void keepsEveryRetainedRestorePoint(String name, Inventory inv) {
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        RestorePointChecker.check(DEFAULTS, NOW, inv, plan);
        RestorePointChecker.checkCalendarRules(DEFAULTS, NOW, inv, plan);
        assertIdempotent(DEFAULTS, inv, plan);
    }

    @Test
    void dailyTimelineDeletesWhatNoRuleKeeps() {
        Inventory inv = daily(120).build();
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        List<PrunePlan.Item> kept = plan.kept().stream().filter(i -> i.kind() == Kind.SNAPSHOT).toList();
        // 35 daily + the weekly ones between 35 and 84 days (one per ISO week: 7) + at most one boundary week
        assertThat(kept).hasSizeBetween(35 + 7, 35 + 8);
        assertThat(plan.deletions().stream().filter(i -> i.kind() == Kind.SNAPSHOT)).hasSize(121 - kept.size());
        // nothing finished more than 84 days ago survives
        for (PrunePlan.Item i : kept) {
            Inventory.Snapshot s = inv.snapshots().stream().filter(x -> x.id().equals(i.id())).findFirst().orElseThrow();
            assertThat(s.finished()).isAfter(daysAgo(84));
        }
        // segments: only those reaching into the window's base snapshot's start (8 days ago) minus the margin
        // the base is the snapshot of 7 days ago (started 2 h before that day's mark, finished 20 min later)
        Instant keepFrom = daysAgo(7).minusSeconds(7200).minus(PrunePlanner.CLOCK_MARGIN);
        assertSegmentsDeletedBefore(inv, plan, keepFrom);
        assertThat(plan.bytesFreed()).isEqualTo(plan.deletions().stream().mapToLong(i -> i.objectKeys().size() * 1000L).sum());
        assertThat(plan.items().stream().filter(i -> i.reasons().stream().anyMatch(r -> r.startsWith("base of point-in-time"))))
                .hasSize(1);
    }

    @Test
    void oneSnapshotKeepsAllChangesSinceItsStart() {
        Inventory inv = new Timeline().snapshot("db", daysAgo(120), Duration.ofMinutes(5))
                .segments("db", daysAgo(123.5), NOW, Duration.ofDays(1)).build();
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        assertThat(plan.of(Kind.SNAPSHOT)).singleElement().satisfies(i -> assertThat(i.delete()).isFalse());
        // only the segments ending before the snapshot started go, but the newest of them (its anchor) stays
        assertThat(plan.deletions()).extracting(PrunePlan.Item::id).containsExactly("db-000000000001", "db-000000000002");
    }

    @Test
    void snapshotYoungerThanAllSegmentsDropsTheChangesBeforeIt() {
        Inventory inv = new Timeline().segments("db", daysAgo(20), NOW, Duration.ofHours(1))
                .snapshot("db", daysAgo(2), Duration.ofMinutes(5)).build();
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        // no restore point exists before the snapshot finished, so nothing before the window needs keeping,
        // but the changes of the last 7 days are kept as the policy says
        assertSegmentsDeletedBefore(inv, plan, daysAgo(7).minus(PrunePlanner.CLOCK_MARGIN));
    }

    @Test
    void gapMakesThePreGapBaseUnnecessaryOnlyWhenAFreshSnapshotServes() {
        Inventory inv = withGap().build();
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        RestorePointChecker.check(DEFAULTS, NOW, inv, plan);
        assertThat(plan.items().stream().filter(i -> i.reasons().stream().anyMatch(r -> r.startsWith("base of")))).hasSize(1);
    }

    /**
     * Safety snapshots (issue 13): kept for the safety period from their finish whatever the other rules say,
     * deleted after it even when they are the newest snapshot of their database or the only one of a day, and never
     * taking a regular snapshot's daily slot or "newest" place.
     */
    @Test
    void safetySnapshotsAreKeptForTheirOwnPeriodOutsideEverySlot() {
        Inventory inv = daily(40)
                .safety("db", daysAgo(0.5), Duration.ofMinutes(1))   // today, after the day's regular snapshot
                .safety("db", daysAgo(20.2), Duration.ofMinutes(1))  // inside the 30-day safety period
                .safety("db", daysAgo(31), Duration.ofMinutes(1))    // older than it
                .safety("gone", daysAgo(45), Duration.ofMinutes(1))  // the only snapshot of its database
                .build();
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        Map<String, PrunePlan.Item> byId = new java.util.HashMap<>();
        plan.of(Kind.SNAPSHOT).forEach(i -> byId.put(i.id(), i));
        java.util.function.Function<Double, PrunePlan.Item> safety = d -> byId.get(
                (d == 45 ? "gone" : "db") + "-safety-" + daysAgo(d).getEpochSecond());
        assertThat(safety.apply(0.5).delete()).isFalse();
        assertThat(safety.apply(0.5).reasons()).singleElement().asString().startsWith("safety snapshot taken before a forced restore");
        assertThat(safety.apply(20.2).delete()).isFalse();
        assertThat(safety.apply(31.0).delete()).as("older than the safety period").isTrue();
        assertThat(safety.apply(31.0).reasons()).singleElement().asString()
                .isEqualTo("a safety snapshot taken before a forced restore, older than its own period of 30d (retention.safety)");
        assertThat(safety.apply(45.0).delete()).as("the only snapshot of its database is no 'newest'").isTrue();
        // the regular snapshots keep their slots as if the safety snapshots were not there
        PrunePlan without = PrunePlanner.plan(DEFAULTS, NOW, daily(40).build());
        assertThat(plan.kept().stream().filter(i -> i.kind() == Kind.SNAPSHOT && !i.id().contains("-safety-"))
                .map(PrunePlan.Item::id).toList())
                .isEqualTo(without.kept().stream().filter(i -> i.kind() == Kind.SNAPSHOT).map(PrunePlan.Item::id).toList());
        assertThat(plan.items().stream().filter(i -> i.id().contains("-safety-"))
                .flatMap(i -> i.reasons().stream())).noneMatch(r -> r.contains("newest") || r.contains("daily")
                        || r.contains("weekly") || r.startsWith("base of"));
    }

    @Test
    void theNewestSnapshotAndSegmentStayWhateverThePolicy() {
        RetentionPolicy stingy = RetentionPolicy.validate(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO);
        Inventory inv = daily(30).build();
        PrunePlan plan = PrunePlanner.plan(stingy, NOW, inv);
        RestorePointChecker.check(stingy, NOW, inv, plan);
        assertThat(plan.kept().stream().filter(i -> i.kind() == Kind.SNAPSHOT)).extracting(PrunePlan.Item::id)
                .containsExactly(inv.snapshots().get(inv.snapshots().size() - 1).id());
        assertThat(plan.kept().stream().filter(i -> i.kind() == Kind.SEGMENT)).isNotEmpty();
    }

    @Test
    void anAnchorOlderThanTheTimeFloorKeepsEverySegmentFromIt() {
        Timeline t = new Timeline().segments("db", daysAgo(30), NOW, Duration.ofDays(1));
        Inventory plain = t.snapshot("db", daysAgo(10), Duration.ofMinutes(5)).build();
        Inventory.Snapshot s = plain.snapshots().get(0);
        // capture recorded that this snapshot replays after segment 12 (18 days ago): a lagging capture;
        // segment 11 stays too, as the newest before the kept ones
        Inventory anchored = new Inventory(List.of(new Inventory.Snapshot(s.id(), s.db(), s.started(), s.finished(),
                s.objects(), 12L)), plain.segments(), List.of(), List.of());
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, anchored);
        RestorePointChecker.check(DEFAULTS, NOW, anchored, plan);
        assertThat(plan.deletions()).extracting(PrunePlan.Item::id)
                .containsExactly(IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("db-%012d", i)).toArray(String[]::new));
    }

    @Test
    void snapshotFromTheFutureIsKept() {
        Inventory inv = new Timeline().snapshot("db", daysAgo(300), Duration.ofMinutes(1))
                .snapshot("db", daysAgo(200), Duration.ofMinutes(1)).snapshot("db", NOW.plusSeconds(3600), Duration.ofMinutes(1))
                .segments("db", daysAgo(201), NOW, Duration.ofDays(10)).build();
        RetentionPolicy one = RetentionPolicy.validate(Duration.ofDays(7), Duration.ofDays(35), Duration.ofDays(84), 1, Duration.ofHours(24));
        PrunePlan plan = PrunePlanner.plan(one, NOW, inv);
        // the future one is the newest; the 200-day one is the base of the change window; the 300-day one goes
        assertThat(plan.deletions().stream().filter(i -> i.kind() == Kind.SNAPSHOT)).extracting(PrunePlan.Item::id)
                .containsExactly("db-snap-" + daysAgo(300).getEpochSecond());
        RestorePointChecker.check(one, NOW, inv, plan);
    }

    @Test
    void orphansGoAfterTheGraceOrWhenAPruneCondemnedThem() {
        Inventory inv = new Timeline().snapshot("db", daysAgo(1), Duration.ofMinutes(1))
                .orphan("data/snapshots/x/old", daysAgo(2), false)
                .orphan("data/segments/db/young", NOW.minusSeconds(60), false)
                .orphan("data/segments/db/condemned", NOW, true)
                .orphan("data/segments/db/undated", null, false)
                .orphan(inv0Key(), daysAgo(5), false).build();
        PrunePlan plan = PrunePlanner.plan(DEFAULTS, NOW, inv);
        assertThat(plan.deletions()).extracting(PrunePlan.Item::id)
                .containsExactlyInAnyOrder("data/snapshots/x/old", "data/segments/db/condemned");
        assertThat(plan.of(Kind.ORPHAN)).hasSize(4); // the one a manifest names is never an orphan
        assertThat(plan.bytesFreed()).isEqualTo(200);
    }

    private static String inv0Key() {
        return "data/snapshots/db-snap-" + daysAgo(1).getEpochSecond() + "/a";
    }

    /** Segments ending before {@code floor} are deleted, except the newest of them (the anchor of the base). */
    private static void assertSegmentsDeletedBefore(Inventory inv, PrunePlan plan, Instant floor) {
        Inventory.Segment anchor = inv.segments().stream().filter(s -> s.to().isBefore(floor))
                .max(java.util.Comparator.comparingLong(Inventory.Segment::seq)).orElseThrow();
        for (Inventory.Segment s : inv.segments()) {
            PrunePlan.Item it = plan.items().stream().filter(x -> x.id().equals(s.id())).findFirst().orElseThrow();
            assertThat(it.delete()).as(s.id() + " ending " + s.to()).isEqualTo(s.to().isBefore(floor) && s != anchor);
        }
    }

    /** Random timelines and policies; the invariant and idempotence must hold for every one. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomTimelines(long seed) {
        Random r = new Random(seed);
        Timeline t = new Timeline();
        int dbs = 1 + r.nextInt(2);
        for (int d = 0; d < dbs; d++) {
            String db = "db" + d;
            double span = 1 + r.nextInt(150);
            for (int g = r.nextInt(3); g > 0; g--) {
                double at = r.nextDouble() * span;
                t.gap(db, daysAgo(at), daysAgo(Math.max(0, at - r.nextDouble() * 5)));
            }
            double segStart = span * (0.3 + r.nextDouble());
            t.segments(db, daysAgo(segStart), NOW.minusSeconds(r.nextInt(3600)), Duration.ofMinutes(60 + r.nextInt(600)));
            for (double at = span; at > 0; at -= 0.05 + r.nextDouble() * 3) {
                t.snapshot(db, daysAgo(at), Duration.ofMinutes(1 + r.nextInt(120)));
            }
        }
        RetentionPolicy p = RetentionPolicy.validate(Duration.ofHours(r.nextInt(24 * 10)), Duration.ofDays(r.nextInt(40)),
                Duration.ofDays(r.nextInt(100)), 1 + r.nextInt(5), Duration.ofHours(r.nextInt(48)));
        Inventory inv = t.build();
        PrunePlan plan = PrunePlanner.plan(p, NOW, inv);
        RestorePointChecker.check(p, NOW, inv, plan);
        RestorePointChecker.checkCalendarRules(p, NOW, inv, plan);
        assertIdempotent(p, inv, plan);
    }

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    /** Pruning what the plan kept deletes nothing more. */
    private static void assertIdempotent(RetentionPolicy p, Inventory inv, PrunePlan plan) {
        java.util.Set<String> gone = new java.util.HashSet<>();
        plan.deletions().forEach(i -> gone.add(i.id()));
        Inventory after = new Inventory(inv.snapshots().stream().filter(s -> !gone.contains(s.id())).toList(),
                inv.segments().stream().filter(s -> !gone.contains(s.id())).toList(), inv.gaps(), List.of());
        PrunePlan again = PrunePlanner.plan(p, NOW, after);
        assertThat(again.deletions()).as("a second prune").isEmpty();
        RestorePointChecker.check(p, NOW, after, again);
    }

    static Timeline daily(int days) {
        Timeline t = new Timeline();
        t.segments("db", daysAgo(days + 0.1), NOW, Duration.ofHours(1));
        for (int d = days; d >= 0; d--) {
            t.snapshot("db", daysAgo(d).minusSeconds(7200), Duration.ofMinutes(20));
        }
        return t;
    }

    static Timeline hourly(int days) {
        Timeline t = new Timeline();
        t.segments("db", daysAgo(days + 0.1), NOW, Duration.ofMinutes(30));
        for (int h = days * 24; h > 0; h--) {
            t.snapshot("db", NOW.minus(Duration.ofHours(h)), Duration.ofMinutes(3));
        }
        return t;
    }

    static Timeline withGap() {
        Timeline t = new Timeline().gap("db", daysAgo(3), daysAgo(2.75));
        t.segments("db", daysAgo(40.1), NOW, Duration.ofHours(1));
        for (int d = 40; d >= 0; d -= 4) {
            t.snapshot("db", daysAgo(d), Duration.ofMinutes(10));
        }
        t.snapshot("db", daysAgo(2.74), Duration.ofMinutes(10)); // the fresh snapshot after the gap
        return t;
    }
}
