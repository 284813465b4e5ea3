package dev.prodguard.capture;

import java.util.List;
import org.bson.BsonValue;

/**
 * What an update changed, from the event's {@code updateDescription}: fields set (dotted paths, new
 * values, in the server's order), fields removed, and arrays truncated to a new size.
 */
public record UpdateDelta(List<SetField> updated, List<FieldPath> removed, List<Truncation> truncated) {
    public UpdateDelta {
        updated = List.copyOf(updated);
        removed = List.copyOf(removed);
        truncated = List.copyOf(truncated);
    }

    /** One updated field and its new value. */
    public record SetField(FieldPath path, BsonValue value) {}

    /** An array truncated to its first {@code newSize} elements. */
    public record Truncation(FieldPath path, int newSize) {}

    /** Whether any path must be applied by walking exact components (field names with dots). */
    public boolean needsExactComponents() {
        return updated.stream().anyMatch(s -> s.path().needsExactComponents())
                || removed.stream().anyMatch(FieldPath::needsExactComponents)
                || truncated.stream().anyMatch(t -> t.path().needsExactComponents());
    }
}
