package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with no change stream at all (Atlas Flex): capture stops trying, one warning alert says that scheduled
 * snapshots alone protect the database, the guardian takes the first snapshot itself, and no capture-stopped alert
 * opens (it could never resolve).
 */
class CaptureUnsupportedTest {
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
    void noChangeStreamMeansScheduledSnapshotsOnlySaidOnce() {
        String db = TestMongo.uniqueDb("flex");
        mongo.client().getDatabase(db).getCollection("orders").insertOne(new Document("_id", 1));
        Settings s = new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CAPTURE_STOPPED_AFTER_S", "1"), dir, dir).load();
        CaptureTask flex = CaptureTask.from(s).opener((probe, result, from) -> {
            throw new ProdguardException(ErrorCode.NOT_SUPPORTED, "this server offers no change streams (Atlas Flex)");
        });
        try (Guardian g = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(flex))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> g.alerts().active().stream()
                    .anyMatch(a -> a.ruleId().equals(CaptureWatch.CAPTURE_UNSUPPORTED)));
            await().atMost(Duration.ofSeconds(30)).until(() -> !new SnapshotCatalog(g.repository()).ids().isEmpty());
            assertThat(g.health().capture()).startsWith("not possible on this server").contains("scheduled snapshots only");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> g.alerts().history(20).stream()
                    .noneMatch(a -> a.ruleId().equals(CaptureWatch.CAPTURE_STOPPED)));
            assertThat(g.alerts().history(20)).filteredOn(a -> a.ruleId().equals(CaptureWatch.CAPTURE_UNSUPPORTED)).hasSize(1);
        }
    }
}
