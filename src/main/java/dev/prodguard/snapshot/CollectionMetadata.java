package dev.prodguard.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * Asks the server about every collection of a snapshot at once, before any data moves: index
 * definitions ({@code listIndexes}) and size ({@code collStats}, optional). These are small round
 * trips; issued together they cost about one round trip of latency instead of two per collection
 * on the path of each collection's stream. The sizes let the snapshot start the largest
 * collections first, so that a big collection does not start last.
 */
final class CollectionMetadata implements AutoCloseable {
    /** At most this many metadata requests in flight. */
    static final int MAX_CONCURRENT = 8;

    private final Workers.Group<BsonDocument> statsRequests;
    private final Workers.Group<List<JsonNode>> indexRequests;
    private final Map<String, CompletableFuture<BsonDocument>> stats = new HashMap<>();
    private final Map<String, CompletableFuture<List<JsonNode>>> indexes = new HashMap<>();

    /** Starts the requests for {@code names} (collections, not views) of {@code db}, half the slots for each kind. */
    CollectionMetadata(MongoDatabase db, List<String> names, String threadName) {
        List<java.util.concurrent.Callable<BsonDocument>> statsTasks = new ArrayList<>();
        List<java.util.concurrent.Callable<List<JsonNode>>> indexTasks = new ArrayList<>();
        for (String name : names) {
            statsTasks.add(() -> collStats(db, name));
            indexTasks.add(() -> listIndexes(db, name));
        }
        statsRequests = Workers.run(statsTasks, MAX_CONCURRENT / 2, threadName);
        indexRequests = Workers.run(indexTasks, MAX_CONCURRENT / 2, threadName);
        for (int i = 0; i < names.size(); i++) {
            stats.put(names.get(i), statsRequests.futures().get(i));
            indexes.put(names.get(i), indexRequests.futures().get(i));
        }
    }

    /** The names ordered largest first (by collStats size; unknown sizes keep their order, after known ones). */
    List<String> largestFirst(List<String> names) {
        Map<String, Long> size = new HashMap<>();
        for (String n : names) {
            BsonValue v = stats(n).get("size");
            size.put(n, v != null && v.isNumber() ? v.asNumber().longValue() : -1L);
        }
        List<String> out = new ArrayList<>(names);
        out.sort(Comparator.comparingLong((String n) -> size.get(n)).reversed());
        return out;
    }

    /** The collection's index definitions as listIndexes returned them (canonical Extended JSON). */
    List<JsonNode> indexes(String name) {
        return Workers.Group.get(indexes.get(name));
    }

    /** The collection's average document size in bytes, or 0 when the server did not say. */
    double averageDocumentBytes(String name) {
        BsonValue avg = stats(name).get("avgObjSize");
        return avg != null && avg.isNumber() ? avg.asNumber().doubleValue() : 0;
    }

    private static List<JsonNode> listIndexes(MongoDatabase db, String name) {
        List<JsonNode> out = new ArrayList<>();
        for (RawBsonDocument ix : db.getCollection(name).listIndexes(RawBsonDocument.class)) {
            out.add(Ejson.toNode(ix));
        }
        return out;
    }

    private static BsonDocument collStats(MongoDatabase db, String name) {
        try {
            return db.runCommand(new BsonDocument("collStats", new BsonString(name)), BsonDocument.class);
        } catch (MongoException e) {
            return new BsonDocument(); // collStats is optional (deprecated on recent servers)
        }
    }

    private BsonDocument stats(String name) {
        return Workers.Group.get(stats.get(name));
    }

    /** Stops the requests; anyone still waiting for one gets an error instead of waiting forever. */
    @Override
    public void close() {
        statsRequests.cancel(0);
        indexRequests.cancel(0);
        java.util.concurrent.CancellationException stopped = new java.util.concurrent.CancellationException(
                "snapshot stopped before the collection metadata arrived");
        indexes.values().forEach(f -> f.completeExceptionally(stopped));
        stats.values().forEach(f -> f.completeExceptionally(stopped));
    }
}
