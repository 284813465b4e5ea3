package dev.prodguard.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long S3 Object Lock must hold each snapshot and segment (pure): every restore point T stays undeletable until
 * T + the lock period, and so does everything a restore to T reads. A restore to T reads the newest snapshot
 * finished by T (in T's run of history) and the segments from its anchor up to T; so a segment is needed up to the
 * finish of the first later snapshot anchored at or after it (from then on restores start from that one), or up to
 * the end of its run (the next gap, or now while capture continues), and a snapshot up to the finish of the next
 * anchored snapshot of its database, or up to now while it is the newest. A base snapshot therefore stays locked as
 * long as segments that need it are locked.
 */
public final class LockPlan {
    private LockPlan() {}

    /** Which item a retention date is for: a snapshot (by id) or a segment (by id), as {@link PrunePlan.Kind} names them. */
    public record Target(PrunePlan.Kind kind, String id) {}

    /** The retention each snapshot and segment of the inventory needs at {@code now}. */
    public static Map<Target, Instant> required(Inventory inventory, Duration lockFor, Instant now) {
        Map<Target, Instant> out = new HashMap<>();
        Map<String, List<Inventory.Snapshot>> anchoredByDb = new HashMap<>();
        for (Inventory.Snapshot s : inventory.snapshots()) {
            if (!s.safety() && s.anchorSeq() != null) {
                anchoredByDb.computeIfAbsent(s.db(), d -> new ArrayList<>()).add(s);
            }
        }
        anchoredByDb.values().forEach(l -> l.sort(Comparator.comparing(Inventory.Snapshot::finished)));
        Map<String, List<Inventory.Segment>> segmentsByDb = new HashMap<>();
        for (Inventory.Segment g : inventory.segments()) {
            segmentsByDb.computeIfAbsent(g.db(), d -> new ArrayList<>()).add(g);
        }
        segmentsByDb.values().forEach(l -> l.sort(Comparator.comparingLong(Inventory.Segment::seq)));

        for (Inventory.Snapshot s : inventory.snapshots()) {
            Instant until = s.finished();
            if (!s.safety()) {
                Instant next = nextAnchoredFinish(anchoredByDb.get(s.db()), s.finished(), s.id());
                until = max(until, next != null ? next : s.anchorSeq() != null ? runEnd(inventory, s.db(), s.finished(), now)
                        : s.finished());
            }
            out.put(new Target(PrunePlan.Kind.SNAPSHOT, s.id()), until.plus(lockFor));
        }
        for (Map.Entry<String, List<Inventory.Segment>> e : segmentsByDb.entrySet()) {
            List<Inventory.Snapshot> anchored = anchoredByDb.getOrDefault(e.getKey(), List.of());
            for (Inventory.Segment g : e.getValue()) {
                Instant end = runEnd(inventory, e.getKey(), g.to(), now);
                for (Inventory.Snapshot s : anchored) {
                    if (s.anchorSeq() >= g.seq() && s.finished().isBefore(end)) {
                        end = max(s.finished(), g.to()); // later restores start from s, after g
                        break;
                    }
                }
                out.put(new Target(PrunePlan.Kind.SEGMENT, g.id()), end.plus(lockFor));
            }
        }
        return out;
    }

    /** The finish of the first anchored snapshot of the database after {@code after} (not {@code self}), or null. */
    private static Instant nextAnchoredFinish(List<Inventory.Snapshot> anchored, Instant after, String self) {
        if (anchored == null) {
            return null;
        }
        for (Inventory.Snapshot s : anchored) {
            if (!s.id().equals(self) && s.finished().isAfter(after)) {
                return s.finished();
            }
        }
        return null;
    }

    /** Where the run of history holding {@code at} ends: the start of the first gap after it, else now (capture continues it). */
    private static Instant runEnd(Inventory inventory, String db, Instant at, Instant now) {
        Instant end = now;
        for (Inventory.Gap gap : inventory.gaps()) {
            if (gap.db().equals(db) && !gap.from().isBefore(at) && gap.from().isBefore(end)) {
                end = gap.from();
            }
        }
        return end;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
