package dev.prodguard.pitr;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.repo.Repository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * Finds the last drop in the captured history: the last collection drop or database drop. A
 * dropDatabase is reported as one drop event per collection (and, on real servers, a final
 * dropDatabase event), so consecutive drops with no other change between them and less than
 * {@link #BURST} apart count as one drop, and the restore stops before the first of them.
 */
public final class LastDrop {
    /** Drops closer together than this, with nothing else between, are one drop (a dropDatabase). */
    public static final Duration BURST = Duration.ofSeconds(1);

    /** The first event of the last drop: its cluster time and wall time. */
    public record Drop(BsonTimestamp clusterTime, Instant wallTime, String what) {
        /** The drop's instant: its wall time, or its cluster-time second. */
        public Instant instant() {
            return wallTime != null ? wallTime : Instant.ofEpochSecond(clusterTime.getTime());
        }
    }

    private LastDrop() {}

    /** Scans the given segments in order; null when they hold no drop. */
    public static Drop find(Repository repo, List<SegmentManifest> segments) {
        Drop[] burst = {null};
        Instant[] burstLast = {null};
        boolean[] open = {false};
        for (SegmentManifest m : segments) {
            SegmentReader.read(repo, m, e -> {
                boolean drop = e instanceof ChangeEvent.Drop || e instanceof ChangeEvent.DropDatabase;
                if (e instanceof ChangeEvent.Invalidate) {
                    return;
                }
                if (!drop) {
                    open[0] = false;
                    return;
                }
                Instant at = e.meta().wallTime() != null ? e.meta().wallTime() : Instant.ofEpochSecond(e.meta().clusterTime().getTime());
                boolean joins = open[0] && (e instanceof ChangeEvent.DropDatabase || Duration.between(burstLast[0], at).compareTo(BURST) < 0);
                if (!joins) {
                    burst[0] = new Drop(e.meta().clusterTime(), e.meta().wallTime(), e.operationType() + " of " + e.meta().ns());
                }
                burstLast[0] = at;
                open[0] = true;
            });
        }
        return burst[0];
    }
}
