package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.repo.Storage;
import dev.prodguard.testing.TestS3;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a real {@code prodguard capture} JVM at random moments while a writer keeps writing; after
 * each restart and a final restore, nothing written is missing and nothing is stored twice.
 */
class CaptureCrashLoopTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @Test
    void killedCaptureLosesNothingAndDuplicatesNothing() throws Exception {
        Path repoDir = dir.resolve("repo");
        crashLoop(2, 11, Map.of("PRODGUARD_REPO", repoDir.toString()), new FileStorage(repoDir));
    }

    /** The same with the repository in a bucket of a real S3 API server (s3proxy). */
    @Test
    void killedCaptureOnS3LosesNothingAndDuplicatesNothing() throws Exception {
        Map<String, String> repoEnv = s3.env("crash");
        Settings settings = new SettingsLoader(repoEnv, dir, dir).load();
        crashLoop(1, 13, repoEnv, RepositoryFactory.storage(settings)); // one kill: the directory variant has two
    }

    @Test
    @Tag("slow")
    void twentyKills() throws Exception {
        Path repoDir = dir.resolve("repo");
        crashLoop(20, 12, Map.of("PRODGUARD_REPO", repoDir.toString()), new FileStorage(repoDir));
    }

    private void crashLoop(int trials, long seed, Map<String, String> repoEnv, Storage storage) throws Exception {
        String dbName = TestMongo.uniqueDb("crash");
        Map<String, String> env = new java.util.HashMap<>(repoEnv);
        env.putAll(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", dbName,
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300"));
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.getCollection("counter").insertOne(new Document("_id", "c").append("n", 0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (MongoClient own = MongoClients.create(mongo.uri())) {
                MongoDatabase d = own.getDatabase(dbName);
                long i = 0;
                while (!stop.get()) {
                    d.getCollection("orders").insertOne(new Document("_id", i).append("qty", i % 7));
                    d.getCollection("counter").updateOne(Filters.eq("_id", "c"), Updates.inc("n", 1));
                    if (i % 5 == 0) {
                        d.getCollection("orders").updateOne(Filters.eq("_id", i / 2), Updates.set("touched", true));
                    }
                    inserted.set(++i);
                    Thread.sleep(5); // pacing, not a wait: a steady writer while capture is killed
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        Random random = new Random(seed);
        File out = dir.resolve("capture.log").toFile();
        try {
            for (int t = 0; t < trials; t++) {
                String marker = t == 0 ? " taken (" : "capture path:";
                File log = dir.resolve("capture-" + t + ".log").toFile();
                Process p = Subprocess.prodguard(env, dir, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), "capture")
                        .redirectErrorStream(true).redirectOutput(log).start();
                // the JVM starts slowly on a loaded machine: kill at a random moment once capture runs
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                        .until(() -> !p.isAlive() || java.nio.file.Files.readString(log.toPath()).contains(marker));
                Thread.sleep(random.nextInt(t == 0 ? 3000 : 2000)); // the kill's random moment, not a wait
                java.nio.file.Files.writeString(out.toPath(), java.nio.file.Files.readString(log.toPath()),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                p.destroyForcibly();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        Instant end = dev.prodguard.testing.ServerClock.between(db); // after every write, before any later one
        Map<String, List<String>> expected = CaptureHarness.contents(mongo.client(), dbName);
        assertThat(expected.get("orders")).hasSize((int) inserted.get());

        assertThat(storage.exists("prodguard-repo.json")).as(java.nio.file.Files.readString(out.toPath())).isTrue();
        Repository repo = Repository.open(storage, null);
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            // changes after the instant get it covered (on S3 an idle window trails by up to 30 s)
            capture.awaitCoveredWriting(end, db.getCollection("later"));
            capture.stop();
            assertThat(CaptureHistory.load(repo, dbName).windows()).extracting(w -> w.kind()).containsExactly("capture");
            // nothing stored twice: every event once, every insert of an order once
            List<ChangeEvent> stored = new ArrayList<>();
            for (SegmentManifest m : SegmentReader.list(repo, dbName)) {
                SegmentReader.read(repo, m, stored::add);
            }
            assertThat(stored).extracting(e -> e.meta().resumeToken()).doesNotHaveDuplicates();
            Set<Object> insertedIds = new HashSet<>();
            for (ChangeEvent e : stored) {
                if (e instanceof ChangeEvent.Insert i && "orders".equals(i.meta().ns().coll())) {
                    assertThat(insertedIds.add(i.documentId())).as("insert of " + i.documentId() + " stored once").isTrue();
                }
            }
            String target = capture.restore(new RestorePoint(end, false, end.toString()), dbName + "_r");
            assertThat(CaptureHarness.contents(mongo.client(), target)).as(java.nio.file.Files.readString(out.toPath())).isEqualTo(expected);
        }
    }
}
