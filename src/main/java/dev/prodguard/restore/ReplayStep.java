package dev.prodguard.restore;

import dev.prodguard.repo.ObjectRef;
import java.util.List;

/**
 * A committed change segment to replay after the snapshot's data, limited by {@code scope}
 * ({@code until}: the instant, ISO-8601, for people). Point-in-time plans fill these; snapshot plans have none.
 */
public record ReplayStep(String segmentId, long events, List<ObjectRef> objects, String until, ReplayScope scope) {
    public ReplayStep {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }
}
