package dev.prodguard.capture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * EMBEDDED-SERVER ADAPTER. Reads the embedded server's {@code local.oplog.rs} (a plain collection
 * there): the entries behind its incomplete change events, and its newest timestamp as the clock
 * {@link CollectionStreamsSource} needs. Never used against a real server (Atlas M0 allows oplog
 * queries only with an equality filter on {@code ns}).
 */
public final class EmbeddedOplog implements EmbeddedEventAdapter.OplogReader {
    private final MongoClient client;

    public EmbeddedOplog(MongoClient client) {
        this.client = client;
    }

    private MongoCollection<BsonDocument> oplog() {
        return client.getDatabase("local").getCollection("oplog.rs", BsonDocument.class);
    }

    /**
     * The newest oplog timestamp (every change up to it is visible to every stream), or Timestamp(0, 0).
     * The oplog is in insertion order, so the last entry in natural order is the newest: no sort of the
     * whole oplog (which the embedded server, without an index on {@code ts}, would do at every poll).
     */
    public BsonTimestamp newest() {
        BsonDocument top = oplog().find().sort(new BsonDocument("$natural", new BsonInt32(-1))).limit(1).first();
        return top == null ? new BsonTimestamp(0, 0) : top.getTimestamp("ts");
    }

    /**
     * {@inheritDoc} One range query from the smallest to the largest time, filtered here: the embedded
     * server matches {@code $in} by comparing every oplog entry with every listed time, which made a
     * 1000-event batch cost oplog size × 1000 comparisons (a 20,000-insert burst took minutes).
     */
    @Override
    public Map<BsonTimestamp, BsonDocument> entries(Collection<BsonTimestamp> times) {
        if (times.isEmpty()) {
            return Map.of();
        }
        Set<BsonTimestamp> wanted = new HashSet<>(times);
        BsonTimestamp min = Collections.min(wanted);
        BsonTimestamp max = Collections.max(wanted);
        Map<BsonTimestamp, BsonDocument> out = new HashMap<>();
        for (BsonDocument d : oplog().find(Filters.and(Filters.gte("ts", min), Filters.lte("ts", max)))) {
            BsonTimestamp ts = d.getTimestamp("ts");
            if (wanted.contains(ts)) {
                out.put(ts, d);
            }
        }
        return out;
    }

    @Override
    public BsonDocument currentDocument(Namespace ns, BsonValue id) {
        return client.getDatabase(ns.db()).getCollection(ns.coll(), BsonDocument.class).find(Filters.eq("_id", id)).first();
    }
}
