package dev.prodguard.verify;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;

/**
 * A database's user data exactly: per collection that holds documents, every document as canonical Extended
 * JSON (sorted, so order does not matter but every field, type and duplicate does) and every index
 * specification (without the server's {@code v} and {@code ns}). prodguard's own collections are left out.
 */
record DatabaseImage(Map<String, List<String>> documents, Map<String, List<String>> indexes) {
    static DatabaseImage of(MongoClient client, String db) {
        Map<String, List<String>> docs = new TreeMap<>();
        Map<String, List<String>> indexes = new TreeMap<>();
        MongoDatabase d = client.getDatabase(db);
        for (String coll : d.listCollectionNames()) {
            if (coll.startsWith("system.") || coll.startsWith("prodguard_")) {
                continue;
            }
            List<String> all = new ArrayList<>();
            d.getCollection(coll, BsonDocument.class).find().forEach(doc -> all.add(doc.toJson()));
            if (all.isEmpty()) {
                continue; // the embedded server creates empty collections on no-op writes
            }
            all.sort(null);
            docs.put(coll, all);
            List<String> specs = new ArrayList<>();
            for (BsonDocument i : d.getCollection(coll).listIndexes(BsonDocument.class)) {
                i.remove("v");
                i.remove("ns");
                specs.add(i.toJson());
            }
            specs.sort(null);
            indexes.put(coll, specs);
        }
        return new DatabaseImage(docs, indexes);
    }

    /** Whether the database does not exist or holds no collection at all (nothing partial was left). */
    static boolean absentOrEmpty(MongoClient client, String db) {
        if (!client.listDatabaseNames().into(new ArrayList<>()).contains(db)) {
            return true;
        }
        for (String coll : client.getDatabase(db).listCollectionNames()) {
            if (!coll.startsWith("system.")) {
                return false;
            }
        }
        return true;
    }

    int documentCount() {
        return documents.values().stream().mapToInt(List::size).sum();
    }
}
