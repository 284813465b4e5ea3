package dev.prodguard.capture;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.config.OwnCollections;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;

/**
 * Index changes on a server whose change streams do not report them (before MongoDB 6.0, or without
 * {@code showExpandedEvents}; the embedded server): every {@code every} capture lists the collections'
 * indexes and records, for each collection whose indexes differ from the last listing (every collection
 * at the first one), an {@link ChangeEvent.ObservedIndexes} event at the stream position reached. So a
 * point-in-time restore rebuilds the indexes as they were, to within one listing interval, instead of
 * those of the snapshot it starts from. Costs one listCollections and one listIndexes per collection per
 * listing; never used where the stream reports index changes.
 */
public final class SchemaWatch {
    /** How often the indexes are listed by default. */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

    private final MongoDatabase db;
    private final Clock clock;
    private final Duration every;
    private final Map<String, String> last = new HashMap<>();
    private Instant next = Instant.MIN;

    public SchemaWatch(MongoDatabase db, Clock clock, Duration every) {
        this.db = db;
        this.clock = clock;
        this.every = every;
    }

    /** Forgets what was listed, so the next listing records every collection (a new history begins). */
    public void reset() {
        last.clear();
        next = Instant.MIN;
    }

    /**
     * Takes an event the stream delivered: a collection dropped or renamed away loses what was listed of it, so
     * the next listing records it again if it is recreated (its indexes are rebuilt by whoever recreates it, and
     * no event says so); a dropDatabase forgets every collection. Either makes a listing due at once.
     */
    public void saw(ChangeEvent e) {
        if (e instanceof ChangeEvent.DropDatabase) {
            last.clear();
            next = Instant.MIN;
        } else if ((e instanceof ChangeEvent.Drop || e instanceof ChangeEvent.Rename) && e.meta().ns() != null) {
            last.remove(e.meta().ns().coll());
            if (e instanceof ChangeEvent.Rename r && r.to() != null) {
                last.remove(r.to().coll());
            }
            next = Instant.MIN;
        }
    }

    /** Makes a listing due now (a restore just rebuilt indexes). */
    public void soon() {
        next = Instant.MIN;
    }

    /** Whether a listing is due. */
    public boolean due() {
        return !clock.instant().isBefore(next);
    }

    /**
     * Lists the indexes now and returns an event for each collection whose indexes changed, stamped with
     * cluster time {@code at} (the stream position the capture reached: every event before it is older).
     */
    public List<ChangeEvent> observe(BsonTimestamp at) {
        next = clock.instant().plus(every);
        List<ChangeEvent> out = new ArrayList<>();
        Map<String, String> now = new HashMap<>();
        BsonString listing = new BsonString(java.util.UUID.randomUUID().toString()); // tokens unique across capture runs
        try {
            for (BsonDocument c : db.listCollections(BsonDocument.class)) {
                String name = c.getString("name").getValue();
                if (OwnCollections.isOwn(name) || "view".equals(c.getString("type", new BsonString("collection")).getValue())) {
                    continue;
                }
                List<BsonDocument> indexes = new ArrayList<>();
                for (BsonDocument i : db.getCollection(name).listIndexes(BsonDocument.class)) {
                    BsonDocument spec = i.clone();
                    spec.remove("v");
                    spec.remove("ns");
                    indexes.add(spec);
                }
                indexes.sort((a, b) -> a.getString("name", new BsonString("")).getValue()
                        .compareTo(b.getString("name", new BsonString("")).getValue()));
                String key = indexes.toString();
                now.put(name, key);
                if (!key.equals(last.get(name))) {
                    BsonDocument token = new BsonDocument("observedIndexes", at).append("collection", new BsonString(name))
                            .append("listing", listing);
                    out.add(new ChangeEvent.ObservedIndexes(new EventMeta(token, at, clock.instant(), new Namespace(db.getName(),
                            name)), indexes));
                }
            }
        } catch (MongoException e) {
            return List.of(); // the stream will report the connection problem; listed again next time
        }
        last.clear();
        last.putAll(now);
        return out;
    }
}
