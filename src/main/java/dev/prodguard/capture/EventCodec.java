package dev.prodguard.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinaryReader;
import org.bson.BsonType;
import org.bson.ByteBufNIO;
import org.bson.RawBsonDocument;
import org.bson.io.ByteBufferBsonInput;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * The stored form of a normalised event in a segment: one BSON document per event, so a segment
 * decompressed is a plain {@code .bson} stream. {@code decode(encode(e))} equals {@code e}.
 */
public final class EventCodec {
    /** Bumped when the stored form changes incompatibly. */
    public static final int FORMAT = 1;

    private EventCodec() {}

    /** The stored document of an event. */
    public static BsonDocument encode(ChangeEvent e) {
        EventMeta m = e.meta();
        BsonDocument d = new BsonDocument("op", new BsonString(kind(e)))
                .append("token", m.resumeToken())
                .append("ct", m.clusterTime());
        if (m.wallTime() != null) {
            d.append("wall", new BsonDateTime(m.wallTime().toEpochMilli()));
        }
        if (m.ns() != null) {
            d.append("ns", m.ns().toDocument());
        }
        if (e instanceof ChangeEvent.DocumentEvent de) {
            d.append("key", de.documentKey());
        }
        if (e instanceof ChangeEvent.Insert x) {
            d.append("doc", x.document());
        } else if (e instanceof ChangeEvent.Replace x) {
            d.append("doc", x.document());
        } else if (e instanceof ChangeEvent.Update x) {
            d.append("delta", encodeDelta(x.delta()));
        } else if (e instanceof ChangeEvent.PostImageUpdate x) {
            d.append("image", x.postImage() == null ? BsonNull.VALUE : x.postImage()).append("origin", new BsonString(x.origin().name()));
        } else if (e instanceof ChangeEvent.Rename x) {
            d.append("to", x.to().toDocument()).append("dropTarget", BsonBoolean.valueOf(x.dropTarget()));
        } else if (e instanceof ChangeEvent.Create x) {
            d.append("options", x.options());
        } else if (e instanceof ChangeEvent.CreateIndexes x) {
            d.append("indexes", new BsonArray(new ArrayList<>(x.indexes())));
        } else if (e instanceof ChangeEvent.DropIndexes x) {
            d.append("indexes", new BsonArray(new ArrayList<>(x.indexes())));
        } else if (e instanceof ChangeEvent.ObservedIndexes x) {
            d.append("indexes", new BsonArray(new ArrayList<>(x.indexes())));
        } else if (e instanceof ChangeEvent.Other x) {
            d.append("type", new BsonString(x.operationType())).append("raw", x.raw());
        }
        return d;
    }

    /**
     * The event of a stored document as read from a segment: its document payload ({@code doc}, {@code image})
     * stays a read-only {@link RawBsonDocument} over {@code bson} (replay writes it as it is, never decoding and
     * encoding it again), everything else is decoded. @throws IllegalArgumentException when the kind is unknown
     */
    public static ChangeEvent decode(byte[] bson) {
        ChangeEvent common = decodeDocumentEvent(bson);
        return common != null ? common : decodeEnvelope(bson);
    }

    /**
     * The common events (insert, replace, delete) read field by field into the event, without the envelope document;
     * null for anything else or anything unexpected (another field, a field twice, another type), which the envelope
     * path then reads, so that what is read, and what is refused, stays the envelope path's.
     */
    private static ChangeEvent decodeDocumentEvent(byte[] bson) {
        String op = null;
        BsonDocument token = null;
        BsonDocument key = null;
        BsonDocument doc = null;
        BsonTimestamp ct = null;
        Instant wall = null;
        Namespace ns = null;
        boolean nsSeen = false;
        try (BsonBinaryReader r = new BsonBinaryReader(new ByteBufferBsonInput(new ByteBufNIO(ByteBuffer.wrap(bson))))) {
            r.readStartDocument();
            while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = r.readName();
                BsonType type = r.getCurrentBsonType();
                if (name.equals("op") && type == BsonType.STRING && op == null) {
                    op = r.readString();
                } else if (name.equals("token") && type == BsonType.DOCUMENT && token == null) {
                    token = BsonValueReader.readDocument(r);
                } else if (name.equals("ct") && type == BsonType.TIMESTAMP && ct == null) {
                    ct = r.readTimestamp();
                } else if (name.equals("wall") && type == BsonType.DATE_TIME && wall == null) {
                    wall = Instant.ofEpochMilli(r.readDateTime());
                } else if (name.equals("ns") && type == BsonType.DOCUMENT && !nsSeen) {
                    nsSeen = true;
                    ns = Namespace.fromDocument(BsonValueReader.readDocument(r));
                } else if (name.equals("key") && type == BsonType.DOCUMENT && key == null) {
                    key = BsonValueReader.readDocument(r);
                } else if (name.equals("doc") && type == BsonType.DOCUMENT && doc == null) {
                    doc = rawDocument(bson, r);
                } else {
                    return null;
                }
            }
            r.readEndDocument();
        }
        if (op == null || token == null || ct == null || key == null) {
            return null;
        }
        EventMeta m = new EventMeta(token, ct, wall, ns);
        switch (op) {
            case "insert":
                return doc == null ? null : new ChangeEvent.Insert(m, key, doc);
            case "replace":
                return doc == null ? null : new ChangeEvent.Replace(m, key, doc);
            case "delete":
                return doc == null ? new ChangeEvent.Delete(m, key) : null;
            default:
                return null;
        }
    }

    /** The document at the reader's position as a read-only view of {@code bson}, not decoded; the reader moves past it. */
    private static RawBsonDocument rawDocument(byte[] bson, BsonBinaryReader r) {
        int at = r.getBsonInput().getPosition();
        int size = ByteBuffer.wrap(bson, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        r.skipValue();
        return new RawBsonDocument(bson, at, size);
    }

    private static ChangeEvent decodeEnvelope(byte[] bson) {
        BsonDocument envelope = new BsonDocument();
        try (BsonBinaryReader r = new BsonBinaryReader(new ByteBufferBsonInput(new ByteBufNIO(ByteBuffer.wrap(bson))))) {
            r.readStartDocument();
            while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = r.readName();
                if ((name.equals("doc") || name.equals("image")) && r.getCurrentBsonType() == BsonType.DOCUMENT) {
                    envelope.append(name, rawDocument(bson, r));
                } else {
                    envelope.append(name, BsonValueReader.read(r));
                }
            }
            r.readEndDocument();
        }
        return decode(envelope);
    }

    /** The event of a stored document. @throws IllegalArgumentException when the kind is unknown */
    public static ChangeEvent decode(BsonDocument d) {
        EventMeta m = new EventMeta(d.getDocument("token"), d.getTimestamp("ct"),
                d.isDateTime("wall") ? Instant.ofEpochMilli(d.getDateTime("wall").getValue()) : null,
                Namespace.fromDocument(d.isDocument("ns") ? d.getDocument("ns") : null));
        String op = d.getString("op").getValue();
        switch (op) {
            case "insert":
                return new ChangeEvent.Insert(m, d.getDocument("key"), d.getDocument("doc"));
            case "replace":
                return new ChangeEvent.Replace(m, d.getDocument("key"), d.getDocument("doc"));
            case "update":
                return new ChangeEvent.Update(m, d.getDocument("key"), decodeDelta(d.getDocument("delta")));
            case "postImageUpdate":
                return new ChangeEvent.PostImageUpdate(m, d.getDocument("key"), d.isDocument("image") ? d.getDocument("image") : null,
                        ChangeEvent.ImageOrigin.valueOf(d.getString("origin").getValue()));
            case "delete":
                return new ChangeEvent.Delete(m, d.getDocument("key"));
            case "drop":
                return new ChangeEvent.Drop(m);
            case "rename":
                return new ChangeEvent.Rename(m, Namespace.fromDocument(d.getDocument("to")), d.getBoolean("dropTarget").getValue());
            case "dropDatabase":
                return new ChangeEvent.DropDatabase(m);
            case "invalidate":
                return new ChangeEvent.Invalidate(m);
            case "create":
                return new ChangeEvent.Create(m, d.getDocument("options"));
            case "createIndexes":
                return new ChangeEvent.CreateIndexes(m, documents(d.getArray("indexes")));
            case "dropIndexes":
                return new ChangeEvent.DropIndexes(m, documents(d.getArray("indexes")));
            case "observedIndexes":
                return new ChangeEvent.ObservedIndexes(m, documents(d.getArray("indexes")));
            case "other":
                return new ChangeEvent.Other(m, d.getString("type").getValue(), d.getDocument("raw"));
            default:
                throw new IllegalArgumentException("unknown stored event kind '" + op + "'");
        }
    }

    private static String kind(ChangeEvent e) {
        if (e instanceof ChangeEvent.PostImageUpdate) {
            return "postImageUpdate";
        }
        return e instanceof ChangeEvent.Other ? "other" : e.operationType();
    }

    private static BsonDocument encodeDelta(UpdateDelta delta) {
        BsonArray set = new BsonArray();
        delta.updated().forEach(s -> set.add(path(s.path()).append("value", s.value())));
        BsonArray unset = new BsonArray();
        delta.removed().forEach(p -> unset.add(path(p)));
        BsonArray trunc = new BsonArray();
        delta.truncated().forEach(t -> trunc.add(path(t.path()).append("size", new BsonInt32(t.newSize()))));
        return new BsonDocument("set", set).append("unset", unset).append("trunc", trunc);
    }

    private static UpdateDelta decodeDelta(BsonDocument d) {
        List<UpdateDelta.SetField> set = new ArrayList<>();
        d.getArray("set").forEach(v -> set.add(new UpdateDelta.SetField(path(v.asDocument()), v.asDocument().get("value"))));
        List<FieldPath> unset = new ArrayList<>();
        d.getArray("unset").forEach(v -> unset.add(path(v.asDocument())));
        List<UpdateDelta.Truncation> trunc = new ArrayList<>();
        d.getArray("trunc").forEach(v -> trunc.add(new UpdateDelta.Truncation(path(v.asDocument()), v.asDocument().getInt32("size").getValue())));
        return new UpdateDelta(set, unset, trunc);
    }

    private static BsonDocument path(FieldPath p) {
        BsonDocument d = new BsonDocument("path", new BsonString(p.dotted()));
        if (p.components() != null) {
            d.append("parts", new BsonArray(new ArrayList<>(p.components())));
        }
        return d;
    }

    private static FieldPath path(BsonDocument d) {
        String dotted = d.getString("path").getValue();
        return d.isArray("parts") ? FieldPath.disambiguated(dotted, d.getArray("parts")) : FieldPath.of(dotted);
    }

    private static List<BsonDocument> documents(BsonArray a) {
        List<BsonDocument> out = new ArrayList<>();
        for (BsonValue v : a) {
            out.add(v.asDocument());
        }
        return out;
    }
}
