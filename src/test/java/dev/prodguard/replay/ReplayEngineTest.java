package dev.prodguard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.FieldPath;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.UpdateDelta;
import dev.prodguard.testing.TestMongo;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplayEngineTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static EventMeta meta(int inc, String coll) {
        return new EventMeta(new BsonDocument("_data", new BsonString("t" + inc)), new BsonTimestamp(1_800_000_000, inc), null,
                new Namespace("shop", coll));
    }

    private static BsonDocument key(int id) {
        return new BsonDocument("_id", new BsonInt32(id));
    }

    @Test
    void aConflictInABulkRunIsCountedAndTheRestOfTheRunStillApplies() {
        String db = TestMongo.uniqueDb("conflict");
        UpdateDelta impossible = new UpdateDelta(List.of(new UpdateDelta.SetField(FieldPath.of("a.b"), new BsonInt32(2))), List.of(), List.of());
        List<ChangeEvent> events = List.of(
                new ChangeEvent.Insert(meta(3, "orders"), key(2), BsonDocument.parse("{_id: 2, ok: true}")),
                new ChangeEvent.Update(meta(2, "orders"), key(1), impossible), // a is a number: no field b inside it
                new ChangeEvent.Insert(meta(1, "orders"), key(1), BsonDocument.parse("{_id: 1, a: 1}")));

        ReplayStats stats = new ReplayEngine(mongo.client(), NamespaceMap.single("shop", db)).applyAll(events);

        assertThat(stats.conflicts()).isEqualTo(1);
        assertThat(stats.applied()).isEqualTo(2);
        assertThat(TargetState.read(mongo.client(), db)).isEqualTo(TargetState.expected(
                BsonDocument.parse("{orders: [{_id: 1, a: 1}, {_id: 2, ok: true}]}")));
    }

    /** Issue 20 point 3: collections written in turn (a user, then their wallet, ...) still replay as bulk writes. */
    @Test
    void interleavedCollectionsReplayAsBulkWritesPerCollection() {
        String db = TestMongo.uniqueDb("interleaved");
        List<ChangeEvent> events = new java.util.ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            String coll = i % 2 == 0 ? "users" : "wallets";
            events.add(new ChangeEvent.Insert(meta(i, coll), key(i), BsonDocument.parse("{_id: " + i + ", n: " + i + "}")));
        }
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        com.mongodb.event.CommandListener counter = new com.mongodb.event.CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent e) {
                if (e.getDatabaseName().equals(db) && List.of("insert", "update", "delete").contains(e.getCommandName())) {
                    writes.incrementAndGet();
                }
            }
        };
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.uri())).addCommandListener(counter).build())) {
            ReplayStats stats = new ReplayEngine(client, NamespaceMap.single("shop", db), 2).applyAll(events);
            assertThat(stats.applied()).isEqualTo(300);
        }

        assertThat(writes.get()).as("write commands for 300 events in two collections, written in turn").isLessThanOrEqualTo(2);
        assertThat(mongo.client().getDatabase(db).getCollection("users").countDocuments()).isEqualTo(150);
        assertThat(mongo.client().getDatabase(db).getCollection("wallets").countDocuments()).isEqualTo(150);
    }

    @Test
    void eventsOfUnmappedDatabasesAndTheHeartbeatAreSkipped() {
        String db = TestMongo.uniqueDb("skip");
        EventMeta other = new EventMeta(new BsonDocument("_data", new BsonString("x")), new BsonTimestamp(1, 1), null, new Namespace("elsewhere", "c"));
        ReplayStats stats = new ReplayEngine(mongo.client(), NamespaceMap.single("shop", db)).applyAll(List.of(
                new ChangeEvent.Insert(other, key(1), BsonDocument.parse("{_id: 1}")),
                new ChangeEvent.Insert(meta(2, NamespaceMap.HEARTBEAT_COLLECTION), key(1), BsonDocument.parse("{_id: 1}"))));
        assertThat(stats.skipped()).isEqualTo(2);
        assertThat(TargetState.read(mongo.client(), db)).isEmpty();
    }
}
