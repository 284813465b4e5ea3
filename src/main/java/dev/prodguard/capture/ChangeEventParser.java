package dev.prodguard.capture;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Parses change events in the shapes MongoDB documents (server 4.2 to 8.x, with or without
 * showExpandedEvents) into {@link ChangeEvent}s. It does not bend for the embedded server: events
 * from there go through {@link EmbeddedEventAdapter}.
 */
public final class ChangeEventParser {
    private ChangeEventParser() {}

    /**
     * Parses one event document.
     *
     * @param contextNs the stream's namespace, used only when the event carries no {@code ns}
     * @throws ProdguardException INTERNAL naming the field when a documented field is missing
     */
    public static ChangeEvent parse(BsonDocument raw, Namespace contextNs) {
        String type = requireString(raw, "operationType");
        EventMeta meta = meta(raw, contextNs);
        switch (type) {
            case "insert":
                return new ChangeEvent.Insert(meta, documentKey(raw, type), requireDocument(raw, "fullDocument", type));
            case "update":
                return update(raw, meta);
            case "replace":
                return new ChangeEvent.Replace(meta, documentKey(raw, type), requireDocument(raw, "fullDocument", type));
            case "delete":
                return new ChangeEvent.Delete(meta, documentKey(raw, type));
            case "drop":
                return new ChangeEvent.Drop(meta);
            case "rename":
                return rename(raw, meta);
            case "dropDatabase":
                return new ChangeEvent.DropDatabase(meta);
            case "invalidate":
                return new ChangeEvent.Invalidate(meta);
            case "create":
                return new ChangeEvent.Create(meta, operationDescription(raw));
            case "createIndexes":
                return new ChangeEvent.CreateIndexes(meta, indexes(raw));
            case "dropIndexes":
                return new ChangeEvent.DropIndexes(meta, indexes(raw));
            default:
                return new ChangeEvent.Other(meta, type, raw);
        }
    }

    /** Token, cluster time, wall time and namespace of any event. */
    static EventMeta meta(BsonDocument raw, Namespace contextNs) {
        if (!raw.isDocument("_id")) {
            throw malformed(raw, "_id (resume token)");
        }
        if (!raw.isTimestamp("clusterTime")) {
            throw malformed(raw, "clusterTime");
        }
        BsonTimestamp clusterTime = raw.getTimestamp("clusterTime");
        Instant wall = raw.isDateTime("wallTime") ? Instant.ofEpochMilli(raw.getDateTime("wallTime").getValue()) : null;
        Namespace ns = Namespace.fromDocument(raw.isDocument("ns") ? raw.getDocument("ns") : null);
        return new EventMeta(raw.getDocument("_id").clone(), clusterTime, wall, ns != null ? ns : contextNs);
    }

    private static ChangeEvent update(BsonDocument raw, EventMeta meta) {
        BsonDocument key = documentKey(raw, "update");
        if (raw.isDocument("updateDescription")) {
            return new ChangeEvent.Update(meta, key, delta(raw.getDocument("updateDescription")));
        }
        if (raw.containsKey("fullDocument")) {
            BsonValue image = raw.get("fullDocument");
            // updateLookup returns the majority-committed document at lookup time (maybe newer);
            // whenAvailable/required return the stored post-image of this very event. The event does
            // not say which was asked for, so the conservative reading is "looked up".
            return new ChangeEvent.PostImageUpdate(meta, key, image.isDocument() ? image.asDocument() : null,
                    ChangeEvent.ImageOrigin.LOOKED_UP);
        }
        throw malformed(raw, "updateDescription or fullDocument");
    }

    /** Parses an {@code updateDescription}, resolving paths with {@code disambiguatedPaths} when present. */
    public static UpdateDelta delta(BsonDocument desc) {
        BsonDocument disambiguated = desc.isDocument("disambiguatedPaths") ? desc.getDocument("disambiguatedPaths") : new BsonDocument();
        List<UpdateDelta.SetField> updated = new ArrayList<>();
        if (desc.isDocument("updatedFields")) {
            for (Map.Entry<String, BsonValue> e : desc.getDocument("updatedFields").entrySet()) {
                updated.add(new UpdateDelta.SetField(path(e.getKey(), disambiguated), e.getValue()));
            }
        }
        List<FieldPath> removed = new ArrayList<>();
        if (desc.isArray("removedFields")) {
            for (BsonValue v : desc.getArray("removedFields")) {
                removed.add(path(v.asString().getValue(), disambiguated));
            }
        }
        List<UpdateDelta.Truncation> truncated = new ArrayList<>();
        if (desc.isArray("truncatedArrays")) {
            for (BsonValue v : desc.getArray("truncatedArrays")) {
                BsonDocument t = v.asDocument();
                truncated.add(new UpdateDelta.Truncation(path(t.getString("field").getValue(), disambiguated),
                        t.getNumber("newSize").intValue()));
            }
        }
        return new UpdateDelta(updated, removed, truncated);
    }

    private static FieldPath path(String dotted, BsonDocument disambiguated) {
        BsonValue parts = disambiguated.get(dotted);
        return parts != null && parts.isArray() ? FieldPath.disambiguated(dotted, parts.asArray()) : FieldPath.of(dotted);
    }

    private static ChangeEvent rename(BsonDocument raw, EventMeta meta) {
        BsonDocument desc = operationDescription(raw);
        Namespace to = Namespace.fromDocument(raw.isDocument("to") ? raw.getDocument("to") : desc.getDocument("to", null));
        if (to == null) {
            throw malformed(raw, "to");
        }
        return new ChangeEvent.Rename(meta, to, desc.containsKey("dropTarget"));
    }

    private static List<BsonDocument> indexes(BsonDocument raw) {
        BsonDocument desc = operationDescription(raw);
        List<BsonDocument> out = new ArrayList<>();
        if (desc.isArray("indexes")) {
            for (BsonValue v : desc.getArray("indexes")) {
                out.add(v.asDocument());
            }
        }
        return out;
    }

    private static BsonDocument operationDescription(BsonDocument raw) {
        return raw.isDocument("operationDescription") ? raw.getDocument("operationDescription") : new BsonDocument();
    }

    private static BsonDocument documentKey(BsonDocument raw, String type) {
        BsonDocument key = requireDocument(raw, "documentKey", type);
        if (!key.containsKey("_id")) {
            throw malformed(raw, "documentKey._id");
        }
        return key;
    }

    private static BsonDocument requireDocument(BsonDocument raw, String field, String type) {
        if (!raw.isDocument(field)) {
            throw malformed(raw, field + " (" + type + ")");
        }
        return raw.getDocument(field);
    }

    private static String requireString(BsonDocument raw, String field) {
        if (!raw.isString(field)) {
            throw malformed(raw, field);
        }
        return raw.getString(field).getValue();
    }

    private static ProdguardException malformed(BsonDocument raw, String what) {
        String type = raw.isString("operationType") ? raw.getString("operationType").getValue() : "?";
        return new ProdguardException(ErrorCode.INTERNAL,
                "change event (" + type + ") lacks " + what + "; the server's event format is not one prodguard knows");
    }

}
