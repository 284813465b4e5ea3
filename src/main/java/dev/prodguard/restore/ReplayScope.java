package dev.prodguard.restore;

import dev.prodguard.capture.ChangeEvent;
import java.time.Instant;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * Which captured changes a point-in-time restore replays: those at or before {@code until} (by the
 * server's wall time when the event has one, else by its cluster-time second), and, when
 * {@code before} is set (before-last-drop), only those with a cluster time strictly before it; within
 * the namespaces {@code include}/{@code exclude} select.
 */
public record ReplayScope(Instant until, BsonTimestamp before, List<String> include, List<String> exclude) {
    public ReplayScope {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Whether the event's time is inside the scope (namespaces are checked by the replayer). */
    public boolean admitsTime(ChangeEvent e) {
        BsonTimestamp t = e.meta().clusterTime();
        if (before != null) {
            return t.compareTo(before) < 0;
        }
        Instant wall = e.meta().wallTime();
        return wall != null ? !wall.isAfter(until) : t.getTime() <= until.getEpochSecond();
    }
}
