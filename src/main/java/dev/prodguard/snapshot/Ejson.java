package dev.prodguard.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Converts BSON documents (collection options, index definitions) to canonical Extended JSON trees
 * for manifests and back, losslessly: canonical mode keeps every type and the field order.
 */
public final class Ejson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private Ejson() {}

    /** The document as a canonical Extended JSON tree. */
    public static JsonNode toNode(BsonDocument doc) {
        try {
            return JSON.readTree(doc.toJson(CANONICAL));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot convert BSON to JSON: " + e.getMessage(), e);
        }
    }

    /** The document a canonical (or relaxed) Extended JSON tree describes; an empty document for null. */
    public static BsonDocument toBson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new BsonDocument();
        }
        return BsonDocument.parse(node.toString());
    }

    /** The document as canonical Extended JSON text. */
    public static String canonical(BsonDocument doc) {
        return doc.toJson(CANONICAL);
    }
}
