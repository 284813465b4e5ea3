package dev.prodguard.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.ObjectRef;
import dev.prodguard.retention.Inventory.Gap;
import dev.prodguard.retention.Inventory.Segment;
import dev.prodguard.retention.Inventory.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An independent check of a prune plan, written from the definition rather than from the planner: a
 * point T in the change window that was restorable before the prune (some snapshot finished before T,
 * no gap since its start, its changes covered by segments up to T) is still restorable from the
 * newest retained snapshot finished before T and the retained segments; retained items keep their
 * objects; the newest snapshot and segment of each database stay.
 */
final class RestorePointChecker {
    private RestorePointChecker() {}

    static void check(RetentionPolicy policy, Instant now, Inventory inv, PrunePlan plan) {
        Set<String> keptSnaps = new HashSet<>();
        Set<String> keptSegs = new HashSet<>();
        Set<String> deletedKeys = new HashSet<>();
        for (PrunePlan.Item i : plan.items()) {
            if (i.delete()) {
                deletedKeys.addAll(i.objectKeys());
            } else if (i.kind() == PrunePlan.Kind.SNAPSHOT) {
                keptSnaps.add(i.id());
            } else if (i.kind() == PrunePlan.Kind.SEGMENT) {
                keptSegs.add(i.id());
            }
        }
        assertThat(plan.of(PrunePlan.Kind.SNAPSHOT)).hasSize(inv.snapshots().size());
        assertThat(plan.of(PrunePlan.Kind.SEGMENT)).hasSize(inv.segments().size());
        for (Snapshot s : inv.snapshots()) {
            if (keptSnaps.contains(s.id())) {
                for (ObjectRef o : s.objects()) {
                    assertThat(deletedKeys).as("object of retained snapshot %s", s.id()).doesNotContain(o.key());
                }
            }
        }
        for (Segment s : inv.segments()) {
            if (keptSegs.contains(s.id()) && s.object() != null) {
                assertThat(deletedKeys).as("object of retained segment %s", s.id()).doesNotContain(s.object().key());
            }
        }
        Set<String> dbs = new TreeSet<>();
        inv.snapshots().forEach(s -> dbs.add(s.db()));
        inv.segments().forEach(s -> dbs.add(s.db()));
        for (String db : dbs) {
            List<Snapshot> snaps = inv.snapshots().stream().filter(s -> s.db().equals(db))
                    .sorted(Comparator.comparing(Snapshot::finished)).toList();
            List<Segment> segs = inv.segments().stream().filter(s -> s.db().equals(db))
                    .sorted(Comparator.comparing(Segment::from)).toList();
            List<Gap> gaps = inv.gaps().stream().filter(g -> g.db().equals(db)).toList();
            if (!snaps.isEmpty()) {
                assertThat(keptSnaps).as("newest snapshot of %s", db).contains(snaps.get(snaps.size() - 1).id());
            }
            if (!segs.isEmpty()) {
                Segment newest = segs.stream().max(Comparator.comparingLong(Segment::seq)).orElseThrow();
                assertThat(keptSegs).as("newest segment of %s", db).contains(newest.id());
            }
            List<Snapshot> kept = snaps.stream().filter(s -> keptSnaps.contains(s.id())).toList();
            List<Segment> keptSegList = segs.stream().filter(s -> keptSegs.contains(s.id())).toList();
            for (Instant t : samples(policy, now, snaps, segs, gaps)) {
                if (!restorable(snaps, segs, gaps, t)) {
                    continue;
                }
                Snapshot base = newestValid(kept, gaps, t);
                assertThat(base).as("%s: a retained snapshot to restore %s from", db, t).isNotNull();
                assertThat(covered(keptSegList, base.started(), t))
                        .as("%s: retained segments cover %s..%s (restore to %s from %s)", db, base.started(), t, t, base.id())
                        .isTrue();
                for (Segment s : segs) {
                    if (s.to().isAfter(base.started()) && !s.from().isAfter(t)) {
                        assertThat(keptSegs).as("%s: segment %s needed to restore %s from %s", db, s.id(), t, base.id())
                                .contains(s.id());
                    }
                }
            }
        }
    }

    /** The retention rules themselves: every day (week) in its window keeps its newest snapshot. */
    static void checkCalendarRules(RetentionPolicy p, Instant now, Inventory inv, PrunePlan plan) {
        Set<String> kept = new HashSet<>();
        plan.kept().forEach(i -> kept.add(i.id()));
        for (Snapshot s : inv.snapshots()) {
            if (s.finished().isAfter(now)) {
                continue;
            }
            java.time.LocalDate day = java.time.LocalDate.ofInstant(s.finished(), java.time.ZoneOffset.UTC);
            boolean newestOfDay = inv.snapshots().stream().filter(o -> o.db().equals(s.db()) && !o.finished().isAfter(now)
                    && java.time.LocalDate.ofInstant(o.finished(), java.time.ZoneOffset.UTC).equals(day))
                    .noneMatch(o -> o.finished().isAfter(s.finished()));
            if (newestOfDay && s.finished().isAfter(now.minus(p.daily()))) {
                assertThat(kept).as("daily rule keeps %s", s.id()).contains(s.id());
            }
        }
    }

    static boolean restorable(List<Snapshot> snaps, List<Segment> segs, List<Gap> gaps, Instant t) {
        for (int i = snaps.size() - 1; i >= 0; i--) {
            Snapshot s = snaps.get(i);
            if (valid(s, gaps, t) && covered(segs, s.started(), t)) {
                return true;
            }
        }
        return false;
    }

    private static Snapshot newestValid(List<Snapshot> snaps, List<Gap> gaps, Instant t) {
        Snapshot best = null;
        for (Snapshot s : snaps) {
            if (valid(s, gaps, t) && (best == null || s.finished().isAfter(best.finished()))) {
                best = s;
            }
        }
        return best;
    }

    private static boolean valid(Snapshot s, List<Gap> gaps, Instant t) {
        if (s.finished().isAfter(t)) {
            return false;
        }
        return gaps.stream().noneMatch(g -> g.from().isBefore(t) && g.to().isAfter(s.started()));
    }

    /** Whether the union of the segments' [from, to] (sorted by from) covers [a, b] without a hole. */
    static boolean covered(List<Segment> sorted, Instant a, Instant b) {
        Instant reach = a;
        for (Segment s : sorted) {
            if (s.to().isBefore(a)) {
                continue;
            }
            if (!reach.isBefore(b)) {
                return true;
            }
            if (s.from().isAfter(reach)) {
                return false;
            }
            reach = s.to().isAfter(reach) ? s.to() : reach;
        }
        return !reach.isBefore(b);
    }

    private static List<Instant> samples(RetentionPolicy p, Instant now, List<Snapshot> snaps, List<Segment> segs,
            List<Gap> gaps) {
        Instant w = now.minus(p.changes());
        TreeSet<Instant> out = new TreeSet<>();
        out.add(w);
        out.add(now);
        for (Instant t = w; t.isBefore(now); t = t.plus(Duration.ofHours(1))) {
            out.add(t);
        }
        for (Snapshot s : snaps) {
            out.add(s.finished());
            out.add(s.finished().plusSeconds(1));
        }
        for (Segment s : segs) {
            out.add(s.to());
        }
        for (Gap g : gaps) {
            out.add(g.from().minusSeconds(1));
            out.add(g.to().plusSeconds(1));
        }
        return out.stream().filter(t -> !t.isBefore(w) && !t.isAfter(now)).toList();
    }
}
