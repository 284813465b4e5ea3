package dev.prodguard.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.repo.ObjectRef;
import java.util.List;

/**
 * One collection (or view) in a snapshot manifest: name and type; options, info and index definitions
 * exactly as listCollections/listIndexes returned them (canonical Extended JSON); the data objects in
 * order (their concatenation is the collection's mongodump .bson); document count; content hash
 * ({@link ContentHash}); raw and stored sizes. A view has no objects.
 */
public record CollectionEntry(String name, String type, JsonNode options, JsonNode info, List<JsonNode> indexes,
        List<ObjectRef> objects, long documents, String contentHash, long rawBytes, long storedBytes) {
    public CollectionEntry {
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** True for a view (restored with its definition, holds no data). */
    @JsonIgnore
    public boolean isView() {
        return "view".equals(type);
    }
}
