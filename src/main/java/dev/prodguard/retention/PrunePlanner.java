package dev.prodguard.retention;

import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Storage;
import dev.prodguard.retention.Inventory.Gap;
import dev.prodguard.retention.Inventory.Orphan;
import dev.prodguard.retention.Inventory.Segment;
import dev.prodguard.retention.Inventory.Snapshot;
import dev.prodguard.retention.PrunePlan.Item;
import dev.prodguard.retention.PrunePlan.Kind;
import dev.prodguard.text.Instants;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what {@code prune} deletes: a pure function of the policy, "now" and an {@link Inventory}.
 *
 * <p>The invariant: nothing a retained restore point needs is deleted. A retained snapshot keeps all
 * its objects. A point in time T inside the change window [now - changes, now] is restored from the
 * newest snapshot that finished before T and the changes from that snapshot's start up to T; so every
 * snapshot that finished inside the window is kept, and so is the newest one that finished before the
 * window began (its "base"); after a gap only snapshots started after the gap can serve, so the base
 * is chosen among those. Segments are kept from the oldest base's start on, less {@link #CLOCK_MARGIN};
 * older segments no retained point needs are deleted. Per database, the newest snapshot and the newest
 * segment (where capture resumes) are always kept. A database without any segment has no point-in-time
 * restores, so only the snapshot rules apply to it.
 */
public final class PrunePlanner {
    /**
     * Snapshot times come from prodguard's clock, segment times from the server's cluster time; segments
     * are kept this much further back so that a skew between the two clocks never drops a needed change.
     */
    public static final Duration CLOCK_MARGIN = Duration.ofMinutes(10);

    private PrunePlanner() {}

    /** The plan for {@code inventory} under {@code policy} at {@code now}. */
    public static PrunePlan plan(RetentionPolicy policy, Instant now, Inventory inventory) {
        Map<String, List<Snapshot>> snapshots = new TreeMap<>();
        Map<Snapshot, List<String>> snapReasons = new LinkedHashMap<>();
        for (Snapshot s : inventory.snapshots()) {
            if (s.safety()) {
                keepSafety(policy, now, s, snapReasons);
            } else {
                snapshots.computeIfAbsent(s.db(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<Segment>> segments = new TreeMap<>();
        for (Segment s : inventory.segments()) {
            segments.computeIfAbsent(s.db(), k -> new ArrayList<>()).add(s);
        }
        Set<String> dbs = new TreeSet<>(snapshots.keySet());
        dbs.addAll(segments.keySet());

        Map<Segment, List<String>> segReasons = new LinkedHashMap<>();
        for (String db : dbs) {
            List<Snapshot> snaps = new ArrayList<>(snapshots.getOrDefault(db, List.of()));
            snaps.sort(Comparator.comparing(Snapshot::finished).thenComparing(Snapshot::id));
            List<Gap> gaps = inventory.gaps().stream().filter(g -> g.db().equals(db))
                    .sorted(Comparator.comparing(Gap::from)).toList();
            for (Snapshot s : snaps) {
                snapReasons.put(s, new ArrayList<>());
            }
            List<Segment> segs = new ArrayList<>(segments.getOrDefault(db, List.of()));
            Floor segmentsFrom = keepSnapshots(policy, now, snaps, gaps, !segs.isEmpty(), snapReasons);
            segs.sort(Comparator.comparingLong(Segment::seq));
            keepSegments(policy, now, segs, segmentsFrom, segReasons);
        }
        PrunePlan plan = assemble(policy, now, snapReasons, segReasons, inventory.orphans());
        List<Item> items = new ArrayList<>(plan.items());
        inventory.temps().forEach(t -> items.add(temp(policy, now, t)));
        return new PrunePlan(now, policy, items);
    }

    /**
     * A safety snapshot stays for the policy's safety period from its finish, outside every other rule: it is
     * never "the newest", a daily or weekly slot, or a point-in-time base.
     */
    private static void keepSafety(RetentionPolicy p, Instant now, Snapshot s, Map<Snapshot, List<String>> reasons) {
        List<String> why = new ArrayList<>();
        if (s.finished().isAfter(now.minus(p.safety()))) {
            why.add("safety snapshot taken before a forced restore (kept " + RetentionPolicy.text(p.safety()) + ")");
        }
        reasons.put(s, why);
    }

    /** Segments are kept from this time on, and from this sequence on (an anchor of a base snapshot). */
    private record Floor(Instant time, long seq) {}

    /** Gives each snapshot its reasons to stay; returns where this database's segments must be kept from. */
    private static Floor keepSnapshots(RetentionPolicy p, Instant now, List<Snapshot> snaps, List<Gap> gaps,
            boolean captured, Map<Snapshot, List<String>> reasons) {
        for (int i = Math.max(0, snaps.size() - p.newest()); i < snaps.size(); i++) {
            Snapshot s = snaps.get(i);
            reasons.get(s).add(i == snaps.size() - 1 ? "the newest snapshot (never deleted)"
                    : "one of the newest " + p.newest());
        }
        Map<LocalDate, Snapshot> days = new TreeMap<>();
        Map<String, Snapshot> weeks = new TreeMap<>();
        for (Snapshot s : snaps) {
            if (s.finished().isAfter(now)) {
                reasons.get(s).add("finished after now (" + Instants.human(now) + "); check the clocks");
                continue;
            }
            LocalDate day = LocalDate.ofInstant(s.finished(), ZoneOffset.UTC);
            if (s.finished().isAfter(now.minus(p.daily()))) {
                days.put(day, s); // ascending order: the last one of a day wins
            }
            if (s.finished().isAfter(now.minus(p.weekly()))) {
                weeks.put(day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + dev.prodguard.text.Digits.padded(
                        day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2), s);
            }
        }
        days.forEach((day, s) -> reasons.get(s).add("newest of day " + day + " (daily for "
                + RetentionPolicy.text(p.daily()) + ")"));
        weeks.forEach((week, s) -> reasons.get(s).add("newest of week " + week + " (weekly for "
                + RetentionPolicy.text(p.weekly()) + ")"));

        Instant window = now.minus(p.changes());
        Instant segmentsFrom = window;
        long fromSeq = Long.MAX_VALUE;
        if (!captured) {
            return new Floor(segmentsFrom.minus(CLOCK_MARGIN), fromSeq); // no change captured: no point-in-time restore
        }
        for (Interval iv : intervals(window, now, gaps)) {
            Snapshot base = null;
            for (Snapshot s : snaps) {
                boolean valid = iv.after == null || !s.started().isBefore(iv.after);
                if (!s.finished().isAfter(iv.from) && valid) {
                    base = s; // newest valid one finished before the interval starts
                }
                if (s.finished().isAfter(iv.from) && !s.finished().isAfter(iv.to)) {
                    reasons.get(s).add("finished inside the " + RetentionPolicy.text(p.changes())
                            + " point-in-time window (restores to a later time start from it)");
                    if (base == null && valid) {
                        base = s;
                    }
                }
            }
            if (base != null) {
                if (!base.finished().isAfter(iv.from)) {
                    reasons.get(base).add("base of point-in-time restores from " + iv.from
                            + " (the newest snapshot finished before it)");
                }
                segmentsFrom = min(segmentsFrom, base.started());
                if (base.anchorSeq() != null) {
                    fromSeq = Math.min(fromSeq, base.anchorSeq());
                }
            }
        }
        return new Floor(segmentsFrom.minus(CLOCK_MARGIN), fromSeq);
    }

    /** Restorable stretches of the change window: [from, to] between gaps; {@code after} is the gap end before it. */
    private record Interval(Instant from, Instant to, Instant after) {}

    private static List<Interval> intervals(Instant window, Instant now, List<Gap> gaps) {
        List<Interval> out = new ArrayList<>();
        Instant cur = window;
        Instant after = null;
        for (Gap g : gaps) {
            if (!g.to().isAfter(cur)) {
                after = after == null || g.to().isAfter(after) ? g.to() : after;
                continue;
            }
            if (g.from().isAfter(cur) && cur.isBefore(now)) {
                out.add(new Interval(cur, min(g.from(), now), after));
            }
            cur = g.to().isAfter(cur) ? g.to() : cur;
            after = g.to();
        }
        if (!cur.isAfter(now)) {
            out.add(new Interval(cur, now, after));
        }
        return out;
    }

    /**
     * Keeps the segments from the floor on, plus the newest one before it: restores replay the segments
     * after the one capture had committed before the base snapshot started (its anchor), so that one
     * must stay listed even when its changes are older than needed.
     */
    private static void keepSegments(RetentionPolicy p, Instant now, List<Segment> segs, Floor floor,
            Map<Segment, List<String>> reasons) {
        int firstKept = segs.size() - 1;
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            List<String> r = new ArrayList<>();
            if (i == segs.size() - 1) {
                r.add("the newest segment (capture resumes after it)");
            }
            if (!s.to().isBefore(floor.time())) {
                r.add("holds changes after " + Instants.human(floor.time()) + " (needed by point-in-time restores; changes kept "
                        + RetentionPolicy.text(p.changes()) + ")");
            } else if (s.seq() >= floor.seq()) {
                r.add("at or after the anchor of a retained base snapshot (restores replay from there)");
            }
            if (!r.isEmpty()) {
                firstKept = Math.min(firstKept, i);
            }
            reasons.put(s, r);
        }
        if (firstKept > 0) {
            reasons.get(segs.get(firstKept - 1)).add("the newest segment before the retained ones: it anchors the"
                    + " oldest base snapshot (restores replay the segments after it)");
        }
    }

    private static PrunePlan assemble(RetentionPolicy p, Instant now, Map<Snapshot, List<String>> snapReasons,
            Map<Segment, List<String>> segReasons, List<Orphan> orphans) {
        Set<String> keptKeys = new HashSet<>();
        snapReasons.forEach((s, r) -> {
            if (!r.isEmpty()) {
                s.objects().forEach(o -> keptKeys.add(o.key()));
            }
        });
        segReasons.forEach((s, r) -> {
            if (!r.isEmpty() && s.object() != null) {
                keptKeys.add(s.object().key());
            }
        });
        List<Item> items = new ArrayList<>();
        String why = "not among the newest " + p.newest() + ", not the newest of its day within "
                + RetentionPolicy.text(p.daily()) + " or of its week within " + RetentionPolicy.text(p.weekly())
                + ", and no point-in-time restore within " + RetentionPolicy.text(p.changes()) + " needs it";
        String safetyWhy = "a safety snapshot taken before a forced restore, older than its own period of "
                + RetentionPolicy.text(p.safety()) + " (retention.safety)";
        snapReasons.forEach((s, r) -> items.add(item(Kind.SNAPSHOT, s.id(), s.db(), r, s.safety() ? safetyWhy : why,
                s.objects(), keptKeys)));
        segReasons.forEach((s, r) -> items.add(item(Kind.SEGMENT, s.id(), s.db(), r,
                "changes up to " + s.to() + " are older than every retained restore point needs",
                s.object() == null ? List.of() : List.of(s.object()), keptKeys)));
        for (Orphan o : orphans) {
            if (keptKeys.contains(o.key())) {
                continue; // named by a manifest after all: never an orphan
            }
            boolean old = o.since() != null && !o.since().plus(p.orphanGrace()).isAfter(now);
            String reason = o.condemned() ? "an interrupted prune already deleted the manifest that named it"
                    : old ? "named by no snapshot or segment, and older than the orphan grace of "
                            + RetentionPolicy.text(p.orphanGrace()) + " (debris of an unfinished backup or capture)"
                    : "named by no snapshot or segment but " + (o.since() == null ? "of unknown age" : "seen since "
                            + o.since()) + ": kept for the orphan grace of " + RetentionPolicy.text(p.orphanGrace())
                            + " (a backup or capture may still commit it)";
            boolean delete = o.condemned() || old;
            items.add(new Item(Kind.ORPHAN, o.key(), null, delete, List.of(reason), delete ? o.bytes() : 0,
                    delete ? List.of(o.key()) : List.of()));
        }
        return new PrunePlan(now, p, items);
    }

    /**
     * An unfinished write's temp file goes once it has not changed for the orphan grace: every write finishes
     * (or its process dies) within minutes, so it cannot be a write in progress; and were it one, deleting its
     * temp file only makes that write fail, it never damages a committed object.
     */
    private static Item temp(RetentionPolicy p, Instant now, Storage.Debris t) {
        boolean old = !t.lastModified().plus(p.orphanGrace()).isAfter(now);
        String reason = "the temp file of a write that never finished (last changed " + t.lastModified() + "): "
                + (old ? "older than the orphan grace of " + RetentionPolicy.text(p.orphanGrace())
                : "kept for the orphan grace of " + RetentionPolicy.text(p.orphanGrace()) + " (it may be a write in progress)");
        return new Item(Kind.TEMP, t.name(), null, old, List.of(reason), old ? t.bytes() : 0, List.of());
    }

    private static Item item(Kind kind, String id, String db, List<String> keepReasons, String deleteReason,
            List<ObjectRef> objects, Set<String> keptKeys) {
        if (!keepReasons.isEmpty()) {
            long bytes = objects.stream().mapToLong(ObjectRef::storedBytes).sum();
            return new Item(kind, id, db, false, keepReasons, bytes, List.of());
        }
        List<String> keys = new ArrayList<>();
        long bytes = 0;
        for (ObjectRef o : objects) {
            if (!keptKeys.contains(o.key()) && !keys.contains(o.key())) {
                keys.add(o.key());
                bytes += o.storedBytes();
            }
        }
        return new Item(kind, id, db, true, List.of(deleteReason), bytes, keys);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
