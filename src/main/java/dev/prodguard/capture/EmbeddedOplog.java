package dev.prodguard.capture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
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
    private BsonTimestamp last;

    public EmbeddedOplog(MongoClient client) {
        this.client = client;
    }

    private MongoCollection<BsonDocument> oplog() {
        return client.getDatabase("local").getCollection("oplog.rs", BsonDocument.class);
    }

    /**
     * The newest oplog timestamp (every change up to it is visible to every stream), or Timestamp(0, 0).
     * Only entries newer than the last answer are sorted (the embedded server has no index on {@code ts}
     * and sorted its whole oplog at every poll); natural order is not used, because after a restart of
     * the H2 backend it is not insertion order.
     */
    public BsonTimestamp newest() {
        BsonDocument filter = last == null ? new BsonDocument() : new BsonDocument("ts", new BsonDocument("$gt", last));
        BsonDocument top = oplog().find(filter).sort(Sorts.descending("ts")).limit(1).first();
        if (top != null) {
            last = top.getTimestamp("ts");
        }
        return last == null ? new BsonTimestamp(0, 0) : last;
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
