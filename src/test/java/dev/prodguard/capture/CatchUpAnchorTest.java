package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotResult;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.verify.SnapshotConsistency;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 point 3: a snapshot taken right after many writes (the demo's restore in place, then its backup) is
 * anchored after those writes, so restoring it to its consistent point replays none of them again. Capture
 * here commits every 3 s, so without the catch-up the newest committed segment precedes the writes.
 */
class CatchUpAnchorTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void aSnapshotRightAfterWritesReplaysNoneOfThemAgain() throws Exception {
        String db = TestMongo.uniqueDb("catchup");
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        CaptureService.Timing slow = CaptureHarness.FAST.withCommitInterval(Duration.ofSeconds(3));
        MongoDatabase d = mongo.client().getDatabase(db);
        d.getCollection("orders").insertOne(new Document("_id", -1));
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, db).start(null, slow)) {
            capture.awaitSnapshot();
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                docs.add(new Document("_id", i).append("total", i));
            }
            d.getCollection("orders").insertMany(docs); // like a restore in place: many changes, then at once a snapshot

            SnapshotResult r = AnchoredSnapshot.take(new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults(),
                    Clock.systemUTC()), repo, db, null);
            SnapshotManifest m = new dev.prodguard.snapshot.SnapshotCatalog(repo).load(r.id());
            capture.awaitCovered(m.finished());
            SnapshotConsistency c = SnapshotConsistency.of(repo, m);
            assertThat(c.replayable()).as(c.reason()).isTrue();
            long replayedOrders = 0;
            for (SegmentManifest s : c.segments()) {
                for (var e : SegmentReader.events(repo, s)) {
                    if (e.meta().ns() != null && "orders".equals(e.meta().ns().coll())) {
                        replayedOrders++;
                    }
                }
            }
            assertThat(replayedOrders).as("changes to orders made before the snapshot started, replayed again").isZero();
            assertThat(repo.getRecord(CatchUp.record(db))).as("capture acknowledged the request").isNotNull();
        }
    }

    @Test
    void withoutRunningCaptureASnapshotDoesNotWait() throws Exception {
        String db = TestMongo.uniqueDb("nocapture");
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        long t0 = System.nanoTime();
        assertThat(CatchUp.await(mongo.client().getDatabase(db), repo, Duration.ofSeconds(30), Clock.systemUTC())).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10)); // no wait for an answer
        assertThat(mongo.client().getDatabase(db).listCollectionNames().into(new ArrayList<>())).as("nothing written").isEmpty();
    }
}
