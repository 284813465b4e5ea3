package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertState;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.capture.CaptureHarness;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.testing.TestS3;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store going away mid-capture (s3proxy stopped, then started again on the same port with its data)
 * while the application keeps writing: the repository-unreachable alert opens and resolves, and a point-in-time
 * restore to an instant after the outage holds every write from before, during and after it, each applied once.
 * The default run stops the store for a few seconds, the slow one for 30 s.
 */
class RepositoryOutageTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        Secrets.clearForTests();
    }

    @Test
    void theStoreGoneForAFewSecondsAndBack() throws Exception {
        outage(Duration.ofSeconds(4));
    }

    @Tag("slow")
    @Test
    void theStoreGoneForThirtySecondsAndBack() throws Exception {
        outage(Duration.ofSeconds(30));
    }

    private void outage(Duration down) throws Exception {
        String db = TestMongo.uniqueDb("s3outage");
        MongoDatabase d = mongo.client().getDatabase(db);
        insert(d, 0, 20);
        Map<String, String> env = new HashMap<>(s3.env("outage"));
        env.putAll(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL", "300",
                "PRODGUARD_HEALTH_GRACE", "1"));
        Settings s = new SettingsLoader(env, dir, dir).load();
        try (Guardian g = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(CaptureTask.from(s)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> CaptureHistory.load(g.repository(), db).currentRunHasSnapshot());
            insert(d, 20, 40);

            s3.stop(); // the store goes away; the application keeps writing
            long wentAway = System.nanoTime();
            insert(d, 40, 60);
            d.getCollection("orders").updateOne(Filters.eq("_id", 3), Updates.set("qty", 300));
            await().atMost(Duration.ofSeconds(30)).until(() -> unreachable(g).isPresent());
            Duration left = down.minusNanos(System.nanoTime() - wentAway);
            if (!left.isNegative() && !left.isZero()) {
                await().during(left).atMost(left.plusSeconds(10)).until(() -> unreachable(g).isPresent());
            }
            s3.start(); // back on the same port with its data
            insert(d, 60, 80);
            d.getCollection("orders").deleteOne(Filters.eq("_id", 5));

            await().atMost(Duration.ofSeconds(90)).until(() -> unreachable(g).isEmpty());
            assertThat(g.alerts().history(50)).filteredOn(a -> a.ruleId().equals(StorageWatch.RULE))
                    .singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));

            Instant at = Instant.now();
            Map<String, List<String>> expected = CaptureHarness.contents(mongo.client(), db);
            // changes after the instant get it covered (an idle database's window trails by up to 30 s on S3, and one
            // change can share the instant's cluster-time second, which is covered only once a later one commits)
            CaptureHarness.awaitCoveredWriting(g.repository(), db, at, d.getCollection("later"), Duration.ofSeconds(90));
            assertThat(CaptureHistory.load(g.repository(), db).gaps()).as("an outage of the store is no gap").isEmpty();
            List<ChangeEvent> stored = new ArrayList<>();
            for (SegmentManifest m : SegmentReader.list(g.repository(), db)) {
                SegmentReader.read(g.repository(), m, stored::add);
            }
            assertThat(stored).extracting(e -> e.meta().resumeToken()).as("nothing stored twice").doesNotHaveDuplicates();
            PointInTimePlanner.PointInTimePlan p = PointInTimePlanner.plan(g.repository(), db,
                    new RestorePoint(at, false, at.toString()), RestoreRequest.defaults().withTargetDb(db + "_r"),
                    Clock.systemUTC());
            new RestoreExecutor(mongo.client(), g.repository(), RestoreOptions.defaults(), Clock.systemUTC()).execute(p.plan());
            assertThat(CaptureHarness.contents(mongo.client(), db + "_r")).isEqualTo(expected);
            assertThat(expected.get("orders")).hasSize(79);
        }
    }

    private static Optional<Alert> unreachable(Guardian g) {
        return g.alerts().active().stream().filter(a -> a.ruleId().equals(StorageWatch.RULE)).findFirst();
    }

    private static void insert(MongoDatabase d, int from, int to) {
        for (int i = from; i < to; i++) {
            d.getCollection("orders").insertOne(new Document("_id", i).append("qty", i));
        }
    }
}
