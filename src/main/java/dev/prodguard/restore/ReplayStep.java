package dev.prodguard.restore;

import dev.prodguard.repo.ObjectRef;
import java.util.List;

/**
 * A committed change segment to replay after the snapshot's data, up to {@code until} (ISO-8601,
 * inclusive). Point-in-time plans fill these; snapshot plans have none.
 */
public record ReplayStep(String segmentId, List<ObjectRef> objects, String until) {
    public ReplayStep {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }
}
