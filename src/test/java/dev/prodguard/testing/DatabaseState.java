package dev.prodguard.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The user data of a database as restores must reproduce it: per collection (prodguard's own and
 * {@code system.*} left out) its documents as exact BSON bytes, sorted, and its index specifications.
 */
public final class DatabaseState {
    private DatabaseState() {}

    /** Collection name to "documents" (hex of exact bytes, sorted) and "indexes" (specs without v/ns, sorted). */
    public static Map<String, Map<String, List<String>>> of(MongoClient client, String db) {
        MongoDatabase d = client.getDatabase(db);
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        for (String c : d.listCollectionNames()) {
            if (c.startsWith("prodguard_") || c.startsWith("system.")) {
                continue;
            }
            List<String> docs = new ArrayList<>();
            try (MongoCursor<RawBsonDocument> cur = d.getCollection(c, RawBsonDocument.class).find().iterator()) {
                while (cur.hasNext()) {
                    ByteBuffer b = cur.next().getByteBuffer().asNIO();
                    docs.add(HexFormat.of().formatHex(b.array(), b.arrayOffset() + b.position(),
                            b.arrayOffset() + b.position() + b.remaining()));
                }
            }
            docs.sort(null);
            out.put(c, Map.of("documents", docs, "indexes", indexes(d, c)));
        }
        return out;
    }

    /** A collection's index specifications as JSON without the server-chosen {@code v} and {@code ns}, sorted. */
    public static List<String> indexes(MongoDatabase d, String collection) {
        List<String> indexes = new ArrayList<>();
        for (Document i : d.getCollection(collection).listIndexes()) {
            Document spec = new Document(i);
            spec.remove("v");
            spec.remove("ns");
            indexes.add(spec.toJson());
        }
        indexes.sort(null);
        return indexes;
    }
}
