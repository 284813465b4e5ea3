package dev.prodguard.capture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import dev.prodguard.devdb.EmbeddedMongo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.json.JsonWriterSettings;

/**
 * Records the embedded server's real change-event shapes into fixtures: for each scenario the raw
 * events of a per-collection stream, the oplog entries with the same timestamps, the documents as
 * they were after the writes (what a lookup reads), and the database before and after. Run by hand:
 * {@code java -cp target/classes:target/test-classes:<deps> dev.prodguard.capture.EmbeddedFixtureRecorder}.
 */
public final class EmbeddedFixtureRecorder {
    private static final Path OUT = Path.of("src/test/resources/fixtures/change-events/embedded");

    public static void main(String[] args) throws IOException {
        Files.createDirectories(OUT);
        record("insert", "an insert: documentKey {_id}, fullDocument, but no ns and no wallTime", db -> {},
                db -> db.getCollection("orders").insertOne(new Document("_id", 1).append("pair", "BTC/USDT").append("qty", 2)));
        record("update-set-unset", "$set (nested, array element) and $unset: the spec arrives in documentKey, no _id, no updateDescription",
                db -> db.getCollection("orders").insertOne(new Document("_id", 1).append("status", "open").append("note", "x")
                        .append("fills", List.of(1, 2, 3)).append("m", new Document("a", 1))),
                db -> db.getCollection("orders").updateOne(Filters.eq("_id", 1), Updates.combine(Updates.set("status", "filled"),
                        Updates.set("m.b", 2), Updates.set("fills.1", 20), Updates.unset("note"))));
        record("update-inc-push", "$inc and $push: not idempotent specs, so the adapter reads the post-image (marked looked up)",
                db -> db.getCollection("wallets").insertOne(new Document("_id", "w1").append("usdt", 100).append("log", List.of())),
                db -> db.getCollection("wallets").updateOne(Filters.eq("_id", "w1"), Updates.combine(Updates.inc("usdt", -30), Updates.push("log", "debit"))));
        record("replace-as-update", "replaceOne: reported as an update whose documentKey is the replacement",
                db -> db.getCollection("orders").insertOne(new Document("_id", 5).append("status", "open").append("legacy", true)),
                db -> db.getCollection("orders").replaceOne(Filters.eq("_id", 5), new Document("status", "migrated").append("qty", 2)));
        record("update-many", "updateMany: one update event per modified document, none carrying the document's _id",
                db -> {
                    db.getCollection("orders").insertOne(new Document("_id", 1).append("s", "open"));
                    db.getCollection("orders").insertOne(new Document("_id", 2).append("s", "open"));
                },
                db -> db.getCollection("orders").updateMany(Filters.eq("s", "open"), Updates.set("s", "expired")));
        record("upsert", "an upsert that inserts: reported as an insert of the new document",
                db -> {},
                db -> db.getCollection("orders").replaceOne(Filters.eq("_id", 9), new Document("_id", 9).append("s", "new"), new ReplaceOptions().upsert(true)));
        record("delete", "a delete: documentKey {_id}",
                db -> db.getCollection("orders").insertOne(new Document("_id", 6)),
                db -> db.getCollection("orders").deleteOne(Filters.eq("_id", 6)));
        record("drop", "a drop: no ns and no collection name; every collection stream of the database receives it",
                db -> {
                    db.getCollection("orders").insertOne(new Document("_id", 1));
                    db.getCollection("trades").insertOne(new Document("_id", 1));
                },
                db -> db.getCollection("trades").drop());
        record("dropDatabase", "dropDatabase: no dropDatabase event, one drop per collection plus drops of system.indexes and system.namespaces",
                db -> {
                    db.getCollection("orders").insertOne(new Document("_id", 1));
                    db.getCollection("wallets").insertOne(new Document("_id", 2));
                },
                MongoDatabase::drop);
    }

    private static void record(String name, String description, Consumer<MongoDatabase> before, Consumer<MongoDatabase> writes) throws IOException {
        try (EmbeddedMongo em = EmbeddedMongo.startInMemory(); MongoClient c = MongoClients.create(em.uri())) {
            MongoDatabase db = c.getDatabase("shop");
            db.createCollection("orders");
            before.accept(db);
            BsonDocument stateBefore = state(db);
            List<RawChangeStream> streams = new ArrayList<>();
            for (String coll : db.listCollectionNames()) {
                streams.add(RawChangeStream.open(db, coll, new BsonDocument(), 100, java.time.Duration.ofMillis(100)));
            }
            writes.accept(db);
            BsonArray events = new BsonArray();
            List<String> seen = new ArrayList<>();
            for (RawChangeStream s : streams) {
                for (BsonDocument e : s.next()) {
                    if (!seen.contains(e.toJson())) { // each collection stream gets every drop
                        seen.add(e.toJson());
                        events.add(e);
                    }
                }
                s.close();
            }
            BsonArray oplog = new BsonArray();
            for (BsonValue e : events) {
                BsonDocument entry = c.getDatabase("local").getCollection("oplog.rs", BsonDocument.class)
                        .find(Filters.eq("ts", e.asDocument().getTimestamp("clusterTime"))).first();
                if (entry != null) {
                    entry.remove("_id");
                    entry.remove("ui");
                    oplog.add(entry);
                }
            }
            BsonDocument fixture = new BsonDocument("description", new BsonString(description))
                    .append("capturedFrom", new BsonString("de.bwaldvogel:mongo-java-server 1.47.0 (EmbeddedMongo, reports 6.0), per-collection streams on shop.*"))
                    .append("before", stateBefore)
                    .append("events", events)
                    .append("oplog", oplog)
                    .append("after", state(db));
            Files.writeString(OUT.resolve(name + ".json"),
                    fixture.toJson(JsonWriterSettings.builder().indent(true).build()) + "\n");
        }
    }

    private static BsonDocument state(MongoDatabase db) {
        BsonDocument out = new BsonDocument();
        for (String coll : db.listCollectionNames()) {
            if (!coll.startsWith("system.")) {
                out.append(coll, new BsonArray(db.getCollection(coll, BsonDocument.class).find().into(new ArrayList<>())));
            }
        }
        return out;
    }
}
