package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.replay.TargetState;
import dev.prodguard.testing.TestMongo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writers on their own connections (one of them in another database, so oplog timestamps
 * interleave) write while capture polls; every write must be captured exactly once.
 */
class ConcurrentWritersCaptureTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @Test
    void everyConcurrentWriteIsCapturedOnce() throws Exception {
        String dbName = TestMongo.uniqueDb("conc");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        CaptureProbe probe = new CaptureProbe(mongo.client(), dbName, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(10), d -> {});
        ProbeResult path = probe.probe();
        List<ChangeEvent> captured = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ChangeSource source = probe.openSource(path, null)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    try (MongoClient own = MongoClients.create(mongo.uri())) {
                        String target = writer == 3 ? dbName + "_other" : dbName;
                        var coll = own.getDatabase(target).getCollection("c" + writer);
                        for (int i = 0; i < 60; i++) {
                            coll.insertOne(new Document("_id", i).append("w", writer));
                            if (i % 3 == 0) {
                                coll.updateOne(Filters.eq("_id", i / 2), Updates.set("touched", i));
                            }
                        }
                    }
                    return null;
                }));
            }
            while (writers.stream().anyMatch(f -> !f.isDone())) {
                captured.addAll(source.nextBatch().events());
            }
            for (Future<?> f : writers) {
                f.get();
            }
            String marker = "end";
            db.getCollection(CaptureProbe.HEARTBEAT_COLLECTION).insertOne(new Document("_id", marker));
            for (int i = 0; i < 200 && captured.stream().noneMatch(e -> e.documentId() != null && e.documentId().isString()
                    && e.documentId().asString().getValue().equals(marker)); i++) {
                captured.addAll(source.nextBatch().events());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(captured.stream().filter(e -> e instanceof ChangeEvent.Insert && !Heartbeat.isHeartbeat(e)).count()).isEqualTo(180);
        assertThat(captured).extracting(e -> e.meta().resumeToken()).doesNotHaveDuplicates();
        assertThat(captured).extracting(e -> e.meta().clusterTime()).isSorted();

        String target = TestMongo.uniqueDb("concdst");
        new ReplayEngine(mongo.client(), NamespaceMap.single(dbName, target)).applyAll(captured);
        assertThat(TargetState.read(mongo.client(), target))
                .isEqualTo(TargetState.read(mongo.client(), dbName, CaptureProbe.HEARTBEAT_COLLECTION));
    }
}
