package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.capture.CaptureHarness;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.Storage;
import dev.prodguard.testing.ServerClock;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.testing.TestS3;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against the embedded server: an independent writer records the exact database contents
 * at instants separated by quiet pauses (real time: cluster times are real), after inserts, $set/$inc/
 * $unset/$push updates, replaces and deletes in several collections, a dropped collection and finally
 * dropDatabase; a point-in-time restore to each instant, to one second before the drop and to
 * before-last-drop must reproduce the recorded contents exactly; once with the repository on the filesystem,
 * once in a bucket of a real S3 API server (s3proxy).
 */
class PointInTimeRestoreTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    @Test
    void restoresEveryRecordedInstantExactly() throws Exception {
        restoresEveryRecordedInstantExactly(new FileStorage(dir));
    }

    @Test
    void restoresEveryRecordedInstantExactlyFromS3() throws Exception {
        restoresEveryRecordedInstantExactly(s3.newStorage("pitr/"));
    }

    private void restoresEveryRecordedInstantExactly(Storage storage) throws Exception {
        String dbName = TestMongo.uniqueDb("pitr");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.getCollection("orders").insertOne(new Document("_id", 1).append("qty", 1).append("tags", List.of("a")));
        db.getCollection("customers").insertOne(new Document("_id", "c1").append("name", "Ada"));
        Repository repo = Repository.openOrCreate(storage, null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        Map<Instant, Map<String, List<String>>> recorded = new LinkedHashMap<>();
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            // 1: inserts and updates across collections
            for (int i = 2; i <= 6; i++) {
                db.getCollection("orders").insertOne(new Document("_id", i).append("qty", i).append("note", "n" + i)
                        .append("tags", List.of("x")));
            }
            db.getCollection("orders").updateOne(Filters.eq("_id", 1), Updates.inc("qty", 41));
            db.getCollection("orders").updateOne(Filters.eq("_id", 2), Updates.set("address.city", "Oslo"));
            db.getCollection("orders").updateOne(Filters.eq("_id", 3), Updates.unset("note"));
            db.getCollection("orders").updateOne(Filters.eq("_id", 4), Updates.push("tags", "y"));
            db.getCollection("customers").insertOne(new Document("_id", "c2").append("name", "Bob"));
            db.getCollection("tmp").insertOne(new Document("_id", "t").append("v", 1));
            record(recorded, capture, dbName);
            // 2: replaces, deletes, more updates
            db.getCollection("customers").replaceOne(Filters.eq("_id", "c1"), new Document("name", "Ada L.").append("vip", true));
            db.getCollection("orders").deleteOne(Filters.eq("_id", 5));
            db.getCollection("orders").updateOne(Filters.eq("_id", 1), Updates.combine(Updates.inc("qty", 1), Updates.set("done", true)));
            db.getCollection("audit").insertOne(new Document("_id", 1).append("what", "replace"));
            record(recorded, capture, dbName);
            // 3: a dropped collection, then more writes
            db.getCollection("tmp").drop();
            db.getCollection("orders").updateOne(Filters.eq("_id", 6), Updates.push("tags", "z"));
            db.getCollection("audit").insertOne(new Document("_id", 2).append("what", "drop"));
            record(recorded, capture, dbName);
            // 4: the accident
            Instant justBeforeDrop = ServerClock.between(db);
            Map<String, List<String>> beforeTheDrop = CaptureHarness.contents(mongo.client(), dbName); // a marker more
            db.drop();
            Instant afterDrop = record(recorded, capture, dbName);
            // changes after the last instant get it covered (on S3 an idle window trails by up to 30 s; history is
            // complete up to the end of the second before the newest change's, cluster times counting seconds)
            capture.awaitCoveredWriting(afterDrop, db.getCollection("later"));
            CaptureService.Summary s = capture.stop();
            assertThat(s.events()).isGreaterThan(10);

            int n = 0;
            for (Map.Entry<Instant, Map<String, List<String>>> e : recorded.entrySet()) {
                String target = capture.restore(new RestorePoint(e.getKey(), false, e.getKey().toString()), dbName + "_r" + n++);
                assertThat(CaptureHarness.contents(mongo.client(), target)).as("restored to " + e.getKey()).isEqualTo(e.getValue());
            }
            String justBefore = capture.restore(RestorePoint.parse(justBeforeDrop.toString(), Clock.systemUTC()), dbName + "_s");
            assertThat(CaptureHarness.contents(mongo.client(), justBefore)).isEqualTo(beforeTheDrop);
            String beforeLast = capture.restore(RestorePoint.parse("before-last-drop", Clock.systemUTC()), dbName + "_d");
            assertThat(CaptureHarness.contents(mongo.client(), beforeLast)).isEqualTo(beforeTheDrop);
            assertThat(recorded.get(afterDrop)).isEmpty();
        }
    }

    /**
     * An instant after the writes so far and before the next ones (by the server's clock), and the contents then;
     * returns once capture has read those writes, so none of its looked-up images shows a later write.
     */
    private static Instant record(Map<Instant, Map<String, List<String>>> recorded, CaptureHarness capture, String db) {
        Instant at = ServerClock.between(mongo.client().getDatabase(db));
        recorded.put(at, CaptureHarness.contents(mongo.client(), db));
        capture.awaitCaughtUp();
        return at;
    }
}
