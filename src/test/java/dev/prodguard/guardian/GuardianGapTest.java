package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertState;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.HistoryLostException;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Lost history while the guardian runs capture: a gap alert opens, a fresh snapshot is taken by itself, the alert resolves. */
class GuardianGapTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        Secrets.clearForTests();
    }

    @Test
    void lostHistoryOpensAGapAlertAndAFreshSnapshotResolvesIt() {
        String db = TestMongo.uniqueDb("ggap");
        MongoDatabase d = mongo.client().getDatabase(db);
        d.getCollection("orders").insertOne(new Document("_id", 1));
        Settings s = new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300"), dir, dir).load();
        try (Guardian g = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(CaptureTask.from(s)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> CaptureHistory.load(g.repository(), db).currentRunHasSnapshot());
        }
        d.getCollection("orders").insertOne(new Document("_id", 2)); // while the guardian is away
        AtomicBoolean lost = new AtomicBoolean(true);
        CaptureTask losing = CaptureTask.from(s).opener((probe, result, from) -> {
            if (from != null && lost.getAndSet(false)) {
                throw new HistoryLostException("change stream history on " + db + " is gone (ChangeStreamHistoryLost)", null);
            }
            return probe.openSource(result, from);
        });
        try (Guardian g = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(losing))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> g.alerts().history(20).stream()
                    .anyMatch(a -> a.ruleId().equals(CaptureWatch.CAPTURE_GAP)));
            await().atMost(Duration.ofSeconds(30)).until(() -> g.alerts().active().isEmpty());
            Alert gap = g.alerts().history(20).stream().filter(a -> a.ruleId().equals(CaptureWatch.CAPTURE_GAP))
                    .findFirst().orElseThrow();
            assertThat(gap.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(gap.title()).contains("taking a fresh snapshot");
            assertThat(String.valueOf(gap.details().get("why"))).contains("ChangeStreamHistoryLost");
            assertThat(new SnapshotCatalog(g.repository()).ids()).as("the first one and the fresh one").hasSize(2);
            assertThat(CaptureHistory.load(g.repository(), db).currentRunHasSnapshot()).isTrue();
            assertThat(g.snapshotStatus().successes()).as("capture took it, not the scheduled job").isZero();
        }
    }
}
