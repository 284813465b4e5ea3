package dev.prodguard.retention;

import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Storage;
import java.time.Instant;
import java.util.List;

/**
 * What a repository holds, reduced to what retention decides on: snapshots, change segments, known
 * gaps in change history, unreferenced objects, and the leftovers of interrupted writes ({@code temps}:
 * the storage's {@code .tmp-*} files). {@link PrunePlanner} reads only this, so tests build timelines
 * without a repository.
 */
public record Inventory(List<Snapshot> snapshots, List<Segment> segments, List<Gap> gaps, List<Orphan> orphans,
        List<Storage.Debris> temps) {
    public Inventory {
        snapshots = List.copyOf(snapshots);
        segments = List.copyOf(segments);
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
        orphans = orphans == null ? List.of() : List.copyOf(orphans);
        temps = temps == null ? List.of() : List.copyOf(temps);
    }

    /** An inventory without leftovers of interrupted writes. */
    public Inventory(List<Snapshot> snapshots, List<Segment> segments, List<Gap> gaps, List<Orphan> orphans) {
        this(snapshots, segments, gaps, orphans, List.of());
    }

    /**
     * A committed snapshot: its database, start and finish (prodguard's clock), its objects, the
     * sequence of the segment capture had committed before it started reading when capture recorded
     * that (an "anchor" manifest; restores replay the segments after it), else null, and whether it is a
     * safety snapshot (taken before a forced restore: kept for its own period, never a base or a slot).
     */
    public record Snapshot(String id, String db, Instant started, Instant finished, List<ObjectRef> objects,
            Long anchorSeq, boolean safety) {
        public Snapshot {
            objects = List.copyOf(objects);
        }

        public Snapshot(String id, String db, Instant started, Instant finished, List<ObjectRef> objects, Long anchorSeq) {
            this(id, db, started, finished, objects, anchorSeq, false);
        }

        public Snapshot(String id, String db, Instant started, Instant finished, List<ObjectRef> objects) {
            this(id, db, started, finished, objects, null, false);
        }

        public long storedBytes() {
            return objects.stream().mapToLong(ObjectRef::storedBytes).sum();
        }
    }

    /**
     * A committed change segment: it holds the changes of {@code db} from {@code from} to {@code to}
     * (cluster time, rounded out to whole seconds); {@code object} is null for a position-only segment.
     */
    public record Segment(String id, String db, long seq, Instant from, Instant to, ObjectRef object) {
        public long storedBytes() {
            return object == null ? 0 : object.storedBytes();
        }
    }

    /** Change history of {@code db} lost between {@code from} and {@code to}: no point in it is restorable. */
    public record Gap(String db, Instant from, Instant to) {}

    /**
     * A data object no manifest names: debris of an unfinished backup or capture, or of an interrupted
     * prune. {@code since} is the oldest the object can be (from a snapshot id, or when prune first saw it;
     * null when unknown); {@code condemned} when an earlier prune already chose to delete it.
     */
    public record Orphan(String key, long bytes, Instant since, boolean condemned) {}
}
