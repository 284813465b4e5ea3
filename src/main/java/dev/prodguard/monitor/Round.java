package dev.prodguard.monitor;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * One sampling round against the server: the time it started and the commands samplers run, with
 * identical commands answered once per round (connections and operation counters share one
 * {@code serverStatus}).
 */
public final class Round {
    private final MongoClient client;
    private final Instant now;
    private final Map<String, Object> answered = new HashMap<>();

    /** A round on {@code client} at {@code now}. */
    public Round(MongoClient client, Instant now) {
        this.client = client;
        this.now = now;
    }

    /** When the round started (the injected clock's time). */
    public Instant now() {
        return now;
    }

    /** Runs a command on a database, or returns (or rethrows) this round's earlier answer to it. */
    public Document command(String db, Document cmd) {
        String key = db + ":" + cmd.toJson();
        Object prior = answered.get(key);
        if (prior == null) {
            try {
                prior = client.getDatabase(db).runCommand(cmd);
            } catch (MongoException e) {
                prior = e;
            }
            answered.put(key, prior);
        }
        if (prior instanceof MongoException e) {
            throw e;
        }
        return (Document) prior;
    }

    /** Runs an aggregation on a collection and returns its documents (at most {@code limit}). */
    public List<Document> aggregate(String db, String collection, List<Document> pipeline, int limit) {
        List<Document> out = new ArrayList<>();
        for (Document d : client.getDatabase(db).getCollection(collection).aggregate(pipeline)) {
            out.add(d);
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** Finds documents in a collection, sorted, at most {@code limit}. */
    public List<Document> find(String db, String collection, Document filter, Document sort, int limit) {
        return client.getDatabase(db).getCollection(collection).find(filter).sort(sort).limit(limit)
                .into(new ArrayList<>());
    }

    /** The names of the plain collections (no views, no system collections) of a database, sorted. */
    public List<String> collections(String db, int limit) {
        List<String> names = new ArrayList<>();
        for (Document d : client.getDatabase(db).listCollections().filter(new Document("type", "collection"))) {
            String name = d.getString("name");
            if (name != null && !name.startsWith("system.")) {
                names.add(name);
            }
        }
        names.sort(null);
        return names.size() > limit ? names.subList(0, limit) : names;
    }
}
