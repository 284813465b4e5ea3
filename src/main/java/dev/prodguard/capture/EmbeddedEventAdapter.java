package dev.prodguard.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EMBEDDED-SERVER ADAPTER. Normalises the change events of the embedded mongo-java-server (1.47),
 * which deviate from MongoDB's documented format: events carry no {@code ns} and no
 * {@code wallTime}; an update carries its update spec in {@code documentKey} (no {@code _id}, no
 * {@code updateDescription}); a replace is reported as an update whose {@code documentKey} is the
 * replacement; a drop carries no collection name; dropDatabase yields one drop per collection (and
 * drops of its system collections); a rename yields no event at all.
 *
 * <p>It repairs each event from the server's oplog entry with the same timestamp ({@code ns},
 * {@code o}, {@code o2}, {@code wall}): a replacement becomes a {@link ChangeEvent.Replace}, a
 * {@code $set}/{@code $unset} spec an exact {@link ChangeEvent.Update}, and any other operator
 * ({@code $inc}, {@code $push}, ...), whose spec is not idempotent, a {@link ChangeEvent.PostImageUpdate}
 * read now (marked {@link ChangeEvent.ImageOrigin#LOOKED_UP}: it may be newer than the event). Events
 * already in the documented shape go to {@link ChangeEventParser} untouched.
 */
public final class EmbeddedEventAdapter implements EventNormaliser {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedEventAdapter.class);
    private static final Set<String> DELTA_OPERATORS = Set.of("$set", "$unset", "$setOnInsert");

    /** What the adapter reads from the embedded server. */
    public interface OplogReader {
        /** The oplog entries with these timestamps (missing ones are left out). */
        Map<BsonTimestamp, BsonDocument> entries(Collection<BsonTimestamp> times);

        /** The document's current state, or null when it does not exist. */
        BsonDocument currentDocument(Namespace ns, BsonValue id);
    }

    private final OplogReader oplog;

    public EmbeddedEventAdapter(OplogReader oplog) {
        this.oplog = oplog;
    }

    /** Whether an event is in the embedded server's deviating shape (no namespace where MongoDB always sends one). */
    public static boolean isEmbeddedShape(BsonDocument raw) {
        String type = raw.isString("operationType") ? raw.getString("operationType").getValue() : "";
        return !raw.containsKey("ns") && !type.equals("invalidate");
    }

    @Override
    public List<ChangeEvent> normalise(List<BsonDocument> raw, Namespace contextNs) {
        List<BsonTimestamp> times = new ArrayList<>();
        for (BsonDocument d : raw) {
            if (isEmbeddedShape(d) && d.isTimestamp("clusterTime")) {
                times.add(d.getTimestamp("clusterTime"));
            }
        }
        Map<BsonTimestamp, BsonDocument> entries = times.isEmpty() ? Map.of() : oplog.entries(times);
        List<ChangeEvent> out = new ArrayList<>(raw.size());
        for (BsonDocument d : raw) {
            ChangeEvent e = isEmbeddedShape(d) ? adapt(d, entries.get(d.getTimestamp("clusterTime")), contextNs) : ChangeEventParser.parse(d, contextNs);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Normalises one embedded-shape event given its oplog entry (null when not found); null when it changes nothing of ours. */
    public ChangeEvent adapt(BsonDocument raw, BsonDocument entry, Namespace contextNs) {
        String type = raw.getString("operationType").getValue();
        EventMeta meta = meta(raw, entry, contextNs);
        switch (type) {
            case "insert":
                return new ChangeEvent.Insert(meta, raw.getDocument("documentKey"), raw.getDocument("fullDocument"));
            case "delete":
                return new ChangeEvent.Delete(meta, raw.getDocument("documentKey"));
            case "update":
                return update(raw, entry, meta);
            case "drop":
                return drop(raw, entry, meta);
            default:
                return new ChangeEvent.Other(meta, type, raw);
        }
    }

    private ChangeEvent update(BsonDocument raw, BsonDocument entry, EventMeta meta) {
        if (entry == null || !entry.isDocument("o") || !entry.isDocument("o2")) {
            BsonValue image = raw.get("fullDocument");
            if (image != null && image.isDocument() && image.asDocument().containsKey("_id")) {
                BsonDocument key = new BsonDocument("_id", image.asDocument().get("_id"));
                return new ChangeEvent.PostImageUpdate(meta, key, image.asDocument(), ChangeEvent.ImageOrigin.LOOKED_UP);
            }
            log.warn("embedded server update at {} has no oplog entry and no document id; it cannot be replayed", meta.clusterTime());
            return new ChangeEvent.Other(meta, "update", raw);
        }
        BsonDocument spec = entry.getDocument("o");
        BsonDocument key = entry.getDocument("o2");
        boolean operators = spec.keySet().stream().anyMatch(k -> k.startsWith("$"));
        if (!operators) {
            return new ChangeEvent.Replace(meta, key, withIdFirst(spec, key.get("_id")));
        }
        if (DELTA_OPERATORS.containsAll(spec.keySet())) {
            return new ChangeEvent.Update(meta, key, delta(spec));
        }
        BsonDocument now = oplog.currentDocument(meta.ns(), key.get("_id"));
        return new ChangeEvent.PostImageUpdate(meta, key, now, ChangeEvent.ImageOrigin.LOOKED_UP);
    }

    private static UpdateDelta delta(BsonDocument spec) {
        List<UpdateDelta.SetField> set = new ArrayList<>();
        spec.getDocument("$set", new BsonDocument()).forEach((k, v) -> set.add(new UpdateDelta.SetField(FieldPath.of(k), v)));
        List<FieldPath> unset = new ArrayList<>();
        spec.getDocument("$unset", new BsonDocument()).keySet().forEach(k -> unset.add(FieldPath.of(k)));
        // $setOnInsert does nothing to a document that existed, and an update event means it did
        return new UpdateDelta(set, unset, List.of());
    }

    private static ChangeEvent drop(BsonDocument raw, BsonDocument entry, EventMeta meta) {
        if (entry == null || !entry.isDocument("o") || !entry.getDocument("o").isString("drop")) {
            log.warn("embedded server drop at {} has no oplog entry naming the collection; skipped", meta.clusterTime());
            return new ChangeEvent.Other(meta, "drop", raw);
        }
        String coll = entry.getDocument("o").getString("drop").getValue();
        if (coll.startsWith("system.")) {
            return null; // the embedded server's dropDatabase also drops its bookkeeping collections
        }
        Namespace ns = new Namespace(meta.ns().db(), coll);
        return new ChangeEvent.Drop(new EventMeta(meta.resumeToken(), meta.clusterTime(), meta.wallTime(), ns));
    }

    private static EventMeta meta(BsonDocument raw, BsonDocument entry, Namespace contextNs) {
        Namespace ns = contextNs;
        Instant wall = null;
        if (entry != null) {
            if (entry.isString("ns")) {
                String full = entry.getString("ns").getValue();
                int dot = full.indexOf('.');
                ns = new Namespace(full.substring(0, dot), full.substring(dot + 1));
            }
            if (entry.isDateTime("wall")) {
                wall = Instant.ofEpochMilli(entry.getDateTime("wall").getValue());
            }
        }
        return new EventMeta(raw.getDocument("_id").clone(), raw.getTimestamp("clusterTime"), wall, ns);
    }

    private static BsonDocument withIdFirst(BsonDocument doc, BsonValue id) {
        BsonDocument out = new BsonDocument("_id", doc.containsKey("_id") ? doc.get("_id") : id);
        doc.forEach((k, v) -> {
            if (!k.equals("_id")) {
                out.append(k, v);
            }
        });
        return out;
    }
}
