package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.testing.TestMongo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reopening a source from the position of its last batch loses nothing and repeats nothing. */
class ChangeSourceResumeTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @Test
    void theProbedSourceResumesExactlyAfterItsLastPosition() {
        String dbName = TestMongo.uniqueDb("resume");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        CaptureProbe probe = new CaptureProbe(mongo.client(), dbName, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(10), d -> {});
        ProbeResult path = probe.probe();

        List<ChangeEvent> first = new ArrayList<>();
        CapturePosition position;
        try (ChangeSource source = probe.openSource(path, null)) {
            for (int i = 1; i <= 5; i++) {
                db.getCollection("orders").insertOne(new Document("_id", i));
            }
            position = drainUntilMarker(db, source, first, "m1");
        }
        db.getCollection("orders").updateOne(Filters.eq("_id", 1), Updates.set("s", "filled"));
        db.getCollection("orders").deleteOne(Filters.eq("_id", 2));
        db.getCollection("trades").insertOne(new Document("_id", 6)); // a collection created while capture was down

        List<ChangeEvent> second = new ArrayList<>();
        try (ChangeSource source = probe.openSource(path, position)) {
            drainUntilMarker(db, source, second, "m2");
        }

        assertThat(summary(first)).containsExactly("insert orders 1", "insert orders 2", "insert orders 3",
                "insert orders 4", "insert orders 5", "insert prodguard_heartbeat \"m1\"");
        assertThat(summary(second)).containsExactly("update orders 1", "delete orders 2", "insert trades 6",
                "insert prodguard_heartbeat \"m2\"");
    }

    @Test
    void theDatabaseStreamResumesAfterItsTokenAndNamesDroppedCollections() {
        String dbName = TestMongo.uniqueDb("dbres");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.getCollection("x").insertOne(new Document("_id", 1));
        db.getCollection("y").insertOne(new Document("_id", 1));
        EventNormaliser normaliser = mongo.isEmbedded() ? new EmbeddedEventAdapter(new EmbeddedOplog(mongo.client())) : EventNormaliser.REAL_SERVER;
        CapturePosition after;
        try (DatabaseStreamSource source = new DatabaseStreamSource(db, StreamOptions.defaults(), normaliser)) {
            source.open(null);
            db.getCollection("x").drop();
            ChangeBatch batch = source.nextBatch();
            assertThat(summary(batch.events())).containsExactly("drop x");
            after = batch.position();
            assertThat(after.resumeToken()).isNotNull();
        }
        db.getCollection("y").drop();
        try (DatabaseStreamSource source = new DatabaseStreamSource(db, StreamOptions.defaults(), normaliser)) {
            source.open(after);
            assertThat(summary(source.nextBatch().events())).containsExactly("drop y");
        }
    }

    private static CapturePosition drainUntilMarker(MongoDatabase db, ChangeSource source, List<ChangeEvent> out, String marker) {
        db.getCollection(CaptureProbe.HEARTBEAT_COLLECTION).insertOne(new Document("_id", marker));
        for (int i = 0; i < 100; i++) {
            ChangeBatch batch = source.nextBatch();
            out.addAll(batch.events());
            if (batch.events().stream().anyMatch(e -> e instanceof ChangeEvent.Insert && e.documentId().isString()
                    && e.documentId().asString().getValue().equals(marker))) {
                return batch.position();
            }
        }
        throw new AssertionError("marker " + marker + " never delivered");
    }

    private static List<String> summary(List<ChangeEvent> events) {
        List<String> out = new ArrayList<>();
        for (ChangeEvent e : events) {
            String id = e.documentId() == null ? "" : " " + (e.documentId().isInt32() ? String.valueOf(e.documentId().asInt32().getValue())
                    : "\"" + e.documentId().asString().getValue() + "\"");
            out.add(e.operationType() + " " + e.meta().ns().coll() + id);
        }
        return out;
    }
}
