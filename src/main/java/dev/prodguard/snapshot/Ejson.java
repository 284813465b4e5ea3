package dev.prodguard.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.repo.JsonTrees;
import java.io.IOException;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Converts BSON documents (collection options, index definitions) to canonical Extended JSON trees
 * for manifests and back, losslessly: canonical mode keeps every type and the field order.
 */
public final class Ejson {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private Ejson() {}

    /** The document as a canonical Extended JSON tree. */
    public static JsonNode toNode(BsonDocument doc) {
        try {
            return JsonTrees.read(doc.toJson(CANONICAL));
        } catch (IOException e) {
            throw new IllegalStateException("cannot convert BSON to JSON: " + e.getMessage(), e);
        }
    }

    /** The document a canonical (or relaxed) Extended JSON tree describes; an empty document for null. */
    public static BsonDocument toBson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new BsonDocument();
        }
        try {
            return BsonDocument.parse(JsonTrees.string(node)); // what node.toString() gives, without building a mapper
        } catch (IOException e) {
            throw new IllegalStateException("cannot convert JSON to BSON: " + e.getMessage(), e);
        }
    }

    /** The document as canonical Extended JSON text. */
    public static String canonical(BsonDocument doc) {
        return doc.toJson(CANONICAL);
    }
}
