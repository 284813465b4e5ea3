package dev.prodguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.InMemoryAlertStore;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a scheduler, the monitor runs its own rounds (real concurrency, so Awaitility), and on a
 * real deployment ({@code PRODGUARD_IT_URI}) every sampler settles without errors.
 */
class MonitorScheduleTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void aSchedulerRunsRoundsUntilClosed() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AlertManager alerts = new AlertManager(Clock.systemUTC(), new InMemoryAlertStore(), AlertPolicy.DEFAULT, n -> { });
        String db = TestMongo.uniqueDb("sched");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new org.bson.Document("u", 1));
        var settings = new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db), dir, dir).load();
        try (MongoClient client = MongoClients.create(mongo.uri());
                SampleStore store = SampleStore.open(dir.resolve("state"))) {
            Monitor monitor = Monitor.start(client, settings, store, alerts, Clock.systemUTC(), scheduler);
            await().atMost(Duration.ofSeconds(20)).until(() -> monitor.status().get(0).lastSampleAt() != null);
            monitor.close();
            assertThat(store.latest("connections.current", "")).isPresent();
            // every sampler probed and settled in the first round
            assertThat(monitor.status()).allSatisfy(s -> assertThat(s.capability().state()).as(s.name())
                    .isNotEqualTo(Capability.State.UNKNOWN));
            if (!mongo.isEmbedded()) {
                // a real deployment: whatever it lacks is a verdict, never a repeating error
                assertThat(monitor.status()).allSatisfy(s -> assertThat(s.lastError()).as(s.name()).isNull());
            }
        } finally {
            scheduler.shutdownNow();
        }
    }
}
