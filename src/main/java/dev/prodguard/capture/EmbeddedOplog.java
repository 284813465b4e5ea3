package dev.prodguard.capture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public EmbeddedOplog(MongoClient client) {
        this.client = client;
    }

    private MongoCollection<BsonDocument> oplog() {
        return client.getDatabase("local").getCollection("oplog.rs", BsonDocument.class);
    }

    /** The newest oplog timestamp (every change up to it is visible to every stream), or Timestamp(0, 0). */
    public BsonTimestamp newest() {
        BsonDocument top = oplog().find().sort(Sorts.descending("ts")).limit(1).first();
        return top == null ? new BsonTimestamp(0, 0) : top.getTimestamp("ts");
    }

    @Override
    public Map<BsonTimestamp, BsonDocument> entries(Collection<BsonTimestamp> times) {
        List<BsonTimestamp> list = new ArrayList<>(times);
        Map<BsonTimestamp, BsonDocument> out = new HashMap<>();
        for (BsonDocument d : oplog().find(Filters.in("ts", list))) {
            out.put(d.getTimestamp("ts"), d);
        }
        return out;
    }

    @Override
    public BsonDocument currentDocument(Namespace ns, BsonValue id) {
        return client.getDatabase(ns.db()).getCollection(ns.coll(), BsonDocument.class).find(Filters.eq("_id", id)).first();
    }
}
