package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A burst of writes larger than one stream batch (insertMany) is captured completely. */
class BurstCaptureTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void aBurstLargerThanABatchIsCapturedCompletely() throws Exception {
        String dbName = TestMongo.uniqueDb("burst");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.createCollection("orders");
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(1, 1 << 20, 1000));
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            List<Document> batch = new ArrayList<>();
            for (int j = 0; j < 2000; j++) {
                batch.add(new Document("_id", j));
            }
            db.getCollection("orders").insertMany(batch);
            Instant to = dev.prodguard.testing.ServerClock.between(db); // after every insert's wall time
            capture.awaitCovered(to);
            capture.stop();
            long inserts = 0;
            for (SegmentManifest m : SegmentReader.list(repo, dbName)) {
                for (ChangeEvent e : SegmentReader.events(repo, m)) {
                    if (e instanceof ChangeEvent.Insert) {
                        inserts++;
                    }
                }
            }
            assertThat(inserts).isEqualTo(2000);
            String target = capture.restore(new RestorePoint(to, false, "x"), dbName + "_r");
            assertThat(mongo.client().getDatabase(target).getCollection("orders").countDocuments()).isEqualTo(2000);
        }
    }
}
