package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.testing.ServerClock;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Capture across a database restart (resumes without loss) and across lost history (a visible gap and a new snapshot). */
class CaptureOutageTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private Repository repo() {
        return Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
    }

    @Test
    void aDatabaseRestartMidCaptureLosesNothing() throws Exception {
        Path data = dir.resolve("h2/db.mv");
        EmbeddedMongo server = EmbeddedMongo.start(0, data);
        int port = server.port();
        String dbName = "restart";
        Repository repo = repo();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=1000&connectTimeoutMS=500")) {
            MongoDatabase db = client.getDatabase(dbName);
            db.getCollection("orders").insertOne(new Document("_id", 0).append("qty", 0));
            try (CaptureHarness capture = new CaptureHarness(client, repo, dbName).start(null).awaitSnapshot()) {
                for (int i = 1; i <= 20; i++) {
                    db.getCollection("orders").insertOne(new Document("_id", i).append("qty", i));
                }
                server.close(); // the database goes away mid-capture
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> capture.log.stream().anyMatch(l -> l.startsWith("lost the database")));
                server = EmbeddedMongo.start(port, data); // and comes back on the same port with its data
                for (int i = 21; i <= 40; i++) {
                    db.getCollection("orders").insertOne(new Document("_id", i).append("qty", i));
                }
                db.getCollection("orders").updateOne(Filters.eq("_id", 3), Updates.set("qty", 300));
                Instant at = ServerClock.between(db);
                Map<String, List<String>> expected = CaptureHarness.contents(client, dbName);
                capture.awaitCovered(at);
                CaptureService.Summary s = capture.stop();
                assertThat(s.reconnects()).isEqualTo(1);
                assertThat(capture.log).anyMatch(l -> l.startsWith("lost the database")).anyMatch(l -> l.startsWith("reconnected"));
                assertThat(CaptureHistory.load(repo, dbName).gaps()).isEmpty();
                String target = capture.restore(new RestorePoint(at, false, at.toString()), "restart_r");
                assertThat(CaptureHarness.contents(client, target)).isEqualTo(expected);
                assertThat(expected.get("orders")).hasSize(41);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void lostHistoryIsAVisibleGapAndANewSnapshotStartsTheNextWindow() throws Exception {
        String dbName = TestMongo.uniqueDb("gap");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.getCollection("orders").insertOne(new Document("_id", 1));
        Repository repo = repo();
        Instant firstWindowInstant;
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            db.getCollection("orders").insertOne(new Document("_id", 2));
            firstWindowInstant = ServerClock.between(db);
            capture.awaitCovered(firstWindowInstant);
            capture.stop();
        }
        db.getCollection("orders").insertOne(new Document("_id", 3)); // written while the history is "lost"
        // the server no longer holds the history after the committed position (oplog rolled over)
        AtomicBoolean lost = new AtomicBoolean(true);
        CaptureService.SourceOpener losing = (probe, result, from) -> {
            if (from != null && lost.getAndSet(false)) {
                throw new HistoryLostException("change stream history on " + dbName + " is gone (ChangeStreamHistoryLost)", null);
            }
            return probe.openSource(result, from);
        };
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(losing).awaitNewSnapshot()) {
            db.getCollection("orders").insertOne(new Document("_id", 4));
            Instant secondWindowInstant = ServerClock.between(db);
            Map<String, List<String>> expected = CaptureHarness.contents(mongo.client(), dbName);
            capture.awaitCovered(secondWindowInstant);
            CaptureService.Summary s = capture.stop();
            assertThat(s.gaps()).isEqualTo(1);
            assertThat(capture.log).anyMatch(l -> l.startsWith("GAP: changes of " + dbName));

            CaptureTimeline timeline = CaptureHistory.load(repo, dbName);
            assertThat(timeline.gaps()).hasSize(1);
            GapManifest gap = timeline.gaps().get(0);
            assertThat(gap.reason()).contains("ChangeStreamHistoryLost");
            assertThat(timeline.runs()).hasSize(2);
            assertThat(new SnapshotCatalog(repo).all()).hasSize(2);
            List<RestoreWindow> windows = timeline.windows();
            assertThat(windows).extracting(RestoreWindow::kind).containsExactly("capture", "gap", "capture");
            assertThat(Instant.parse(windows.get(1).to())).isAfter(Instant.parse(windows.get(0).to()));

            String target = capture.restore(new RestorePoint(secondWindowInstant, false, "x"), dbName + "_r");
            assertThat(CaptureHarness.contents(mongo.client(), target)).isEqualTo(expected);
            String first = capture.restore(new RestorePoint(firstWindowInstant, false, "x"), dbName + "_f");
            assertThat(CaptureHarness.contents(mongo.client(), first).get("orders")).hasSize(2);
            Instant inGap = gap.to().minusMillis(1);
            if (inGap.isAfter(Instant.parse(windows.get(0).to()))) {
                assertThatThrownBy(() -> capture.restore(new RestorePoint(inGap, false, "x"), dbName + "_g"))
                        .isInstanceOf(ProdguardException.class)
                        .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.REFUSED))
                        .hasMessageContaining("outside every restorable window").hasMessageContaining("gap ");
            }
            assertThat(SegmentReader.list(repo, dbName)).isNotEmpty();
        }
    }
}
