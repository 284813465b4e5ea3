package dev.prodguard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Seeds and reads a database's exact contents: documents as canonical JSON (field order kept), sorted by _id. */
public final class TargetState {
    private TargetState() {}

    /** Inserts {@code {coll: [docs]}} into the database. */
    public static void seed(MongoClient client, String db, BsonDocument collections) {
        for (Map.Entry<String, BsonValue> e : collections.entrySet()) {
            MongoDatabase d = client.getDatabase(db);
            d.createCollection(e.getKey());
            for (BsonValue doc : e.getValue().asArray()) {
                d.getCollection(e.getKey(), BsonDocument.class).insertOne(doc.asDocument());
            }
        }
    }

    /** Every collection (except excluded ones) mapped to its documents as canonical JSON sorted by _id. */
    public static Map<String, List<String>> read(MongoClient client, String db, String... excluded) {
        Map<String, List<String>> out = new TreeMap<>();
        MongoDatabase d = client.getDatabase(db);
        for (String coll : d.listCollectionNames()) {
            if (List.of(excluded).contains(coll) || coll.startsWith("system.")) {
                continue;
            }
            List<BsonDocument> docs = d.getCollection(coll, BsonDocument.class).find().into(new ArrayList<>());
            out.put(coll, sorted(docs));
        }
        return out;
    }

    /** The expected form of {@code {coll: [docs]}}. */
    public static Map<String, List<String>> expected(BsonDocument collections) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, BsonValue> e : collections.entrySet()) {
            List<BsonDocument> docs = new ArrayList<>();
            for (BsonValue v : e.getValue().asArray()) {
                docs.add(v.asDocument());
            }
            out.put(e.getKey(), sorted(docs));
        }
        return out;
    }

    private static List<String> sorted(List<BsonDocument> docs) {
        List<String> json = new ArrayList<>();
        docs.stream()
                .sorted(Comparator.comparing(d -> new BsonDocument("k", d.get("_id")).toJson()))
                .forEach(d -> json.add(d.toJson()));
        return json;
    }

    /** Asserts that exactly these collections with exactly these documents exist. */
    public static void assertEquals(MongoClient client, String db, BsonDocument collections) {
        assertThat(read(client, db)).isEqualTo(expected(collections));
    }

    /** Convenience for fixtures that list index names per collection. */
    public static List<String> indexNames(MongoClient client, String db, String coll) {
        List<String> names = new ArrayList<>();
        for (BsonDocument ix : client.getDatabase(db).getCollection(coll).listIndexes(BsonDocument.class)) {
            names.add(ix.getString("name").getValue());
        }
        return names;
    }

    static BsonArray arr(BsonDocument d, String key) {
        return d.isArray(key) ? d.getArray(key) : new BsonArray();
    }
}
