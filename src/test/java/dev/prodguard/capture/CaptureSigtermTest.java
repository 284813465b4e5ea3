package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonInt64;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code prodguard capture} JVM while writes flow: it exits 0, every write
 * acknowledged before the signal is in the segments it committed, the lock is released, and a later
 * capture resumes so that a restore equals the database exactly.
 */
class CaptureSigtermTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void sigtermCommitsEverythingWrittenBeforeItAndExitsZero() throws Exception {
        String dbName = TestMongo.uniqueDb("sigterm");
        Path repoDir = dir.resolve("repo");
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", dbName, "PRODGUARD_REPO", repoDir.toString(),
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300");
        mongo.client().getDatabase(dbName).getCollection("orders").insertOne(new Document("_id", -1L));
        File log = dir.resolve("capture.log").toFile();
        Process p = Subprocess.prodguard(env, dir, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), "capture")
                .redirectErrorStream(true).redirectOutput(log).start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (MongoClient own = MongoClients.create(mongo.uri())) {
                MongoDatabase d = own.getDatabase(dbName);
                for (long i = 0; !stop.get(); i++) {
                    d.getCollection("orders").insertOne(new Document("_id", i).append("qty", i % 7));
                    acked.set(i + 1);
                    Thread.sleep(2); // pacing, not a wait: a steady writer (up to ~500 a second), as an application writes
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long ackedBeforeSigterm;
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> !p.isAlive() || Files.readString(log.toPath()).contains(" taken ("));
            assertThat(p.isAlive()).as(Files.readString(log.toPath())).isTrue();
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() >= 300);
            ackedBeforeSigterm = acked.get();
            p.destroy(); // SIGTERM; the writer keeps writing meanwhile
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("capture exits after SIGTERM").isTrue();
        } finally {
            stop.set(true);
            writer.join();
            p.destroyForcibly();
        }
        String out = Files.readString(log.toPath());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("capture stopped: ");

        Repository repo = Repository.open(new FileStorage(repoDir), null);
        assertThat(repo.lockInfo("capture:" + dbName)).as("the capture lock is released").isNull();
        Set<Long> committed = new HashSet<>();
        List<SegmentManifest> firstRun = SegmentReader.list(repo, dbName);
        for (SegmentManifest m : firstRun) {
            SegmentReader.read(repo, m, e -> {
                if (e instanceof ChangeEvent.Insert i && i.documentId() instanceof BsonInt64 id) {
                    assertThat(committed.add(id.getValue())).as("insert of " + id + " stored once").isTrue();
                }
            });
        }
        for (long i = 0; i < ackedBeforeSigterm; i++) {
            assertThat(committed).as("write %d, acknowledged before SIGTERM, is committed", i).contains(i);
        }

        // a later capture resumes from what the stopped one committed: restoring now equals the database
        Instant end;
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null)) {
            end = Instant.now(); // awaitCovered waits (Awaitility) until the resumed capture commits past it
            capture.awaitCovered(end);
            capture.stop();
            List<Object> ids = new ArrayList<>();
            for (SegmentManifest m : SegmentReader.list(repo, dbName)) {
                SegmentReader.read(repo, m, e -> {
                    if (e instanceof ChangeEvent.Insert) {
                        ids.add(e.documentId());
                    }
                });
            }
            assertThat(ids).doesNotHaveDuplicates().hasSize((int) acked.get());
            String target = capture.restore(new RestorePoint(end, false, end.toString()), dbName + "_r");
            assertThat(CaptureHarness.contents(mongo.client(), target)).isEqualTo(CaptureHarness.contents(mongo.client(), dbName));
        }
    }
}
