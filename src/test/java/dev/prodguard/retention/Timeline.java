package dev.prodguard.retention;

import dev.prodguard.repo.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds synthetic repository inventories: snapshots, contiguous change segments, gaps, orphans. */
final class Timeline {
    private final List<Inventory.Snapshot> snapshots = new ArrayList<>();
    private final List<Inventory.Segment> segments = new ArrayList<>();
    private final List<Inventory.Gap> gaps = new ArrayList<>();
    private final List<Inventory.Orphan> orphans = new ArrayList<>();
    private long seq;

    /** A snapshot of {@code db} started at {@code start}, taking {@code took}, with two objects. */
    Timeline snapshot(String db, Instant start, Duration took) {
        String id = db + "-snap-" + start.getEpochSecond();
        snapshots.add(new Inventory.Snapshot(id, db, start, start.plus(took),
                List.of(ref("data/snapshots/" + id + "/a"), ref("data/snapshots/" + id + "/b"))));
        return this;
    }

    /** A safety snapshot of {@code db} (taken before a forced restore) started at {@code start}, taking {@code took}. */
    Timeline safety(String db, Instant start, Duration took) {
        String id = db + "-safety-" + start.getEpochSecond();
        snapshots.add(new Inventory.Snapshot(id, db, start, start.plus(took), List.of(ref("data/snapshots/" + id + "/a")),
                null, true));
        return this;
    }

    /** Contiguous segments of {@code db} from {@code from} to {@code to}, each {@code every} long; holes at gaps. */
    Timeline segments(String db, Instant from, Instant to, Duration every) {
        for (Instant t = from; t.isBefore(to); t = t.plus(every)) {
            Instant end = t.plus(every).isAfter(to) ? to : t.plus(every);
            Instant s = t;
            boolean inGap = gaps.stream().anyMatch(g -> g.db().equals(db) && g.from().isBefore(end) && g.to().isAfter(s));
            if (!inGap) {
                segment(db, t, end);
            }
        }
        return this;
    }

    Timeline segment(String db, Instant from, Instant to) {
        seq++;
        String id = db + "-" + String.format("%012d", seq);
        segments.add(new Inventory.Segment(id, db, seq, from, to, ref("data/segments/" + db + "/" + seq)));
        return this;
    }

    /** Declare gaps before adding the segments around them. */
    Timeline gap(String db, Instant from, Instant to) {
        gaps.add(new Inventory.Gap(db, from, to));
        return this;
    }

    Timeline orphan(String key, Instant since, boolean condemned) {
        orphans.add(new Inventory.Orphan(key, 100, since, condemned));
        return this;
    }

    Inventory build() {
        return new Inventory(snapshots, segments, gaps, orphans);
    }

    static ObjectRef ref(String key) {
        return new ObjectRef(key, "00", 1000, 2000);
    }
}
