package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertState;
import dev.prodguard.alert.WebhookReceiver;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database gone and back while the guardian runs (the embedded server stopped and restarted on the
 * same port with its H2 file): capture resumes, the capture-stopped alert opens and then resolves, and a
 * restore to an instant after the outage holds everything written before, during-free and after it.
 * The default run uses a few seconds of outage with the alert threshold scaled down; the slow one a minute.
 */
class GuardianOutageTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        Secrets.clearForTests();
    }

    @Test
    void theDatabaseGoneForAFewSecondsAndBack() throws Exception {
        outage(Duration.ofSeconds(4), 1);
    }

    @Tag("slow")
    @Test
    void theDatabaseGoneForAMinuteAndBack() throws Exception {
        outage(Duration.ofSeconds(60), 30);
    }

    private void outage(Duration down, int alertAfterSeconds) throws Exception {
        Path data = dir.resolve("h2/db.mv");
        EmbeddedMongo server = EmbeddedMongo.start(0, data);
        int port = server.port();
        String db = "outage";
        String uri = "mongodb://127.0.0.1:" + port + "/";
        try (MongoClient client = MongoClients.create(uri + "?serverSelectionTimeoutMS=1000&connectTimeoutMS=500");
                WebhookReceiver hook = new WebhookReceiver()) {
            MongoDatabase d = client.getDatabase(db);
            insert(d, 0, 20);
            Settings s = new SettingsLoader(Map.of("MONGO_URL", uri, "DB_NAME", db,
                    "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                    "PRODGUARD_WEBHOOK_URL", hook.url("/hook"), "PRODGUARD_CONNECT_TIMEOUT_MS", "1000",
                    "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300",
                    "PRODGUARD_CAPTURE_STOPPED_AFTER_S", String.valueOf(alertAfterSeconds)), dir, dir).load();
            try (Guardian g = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(CaptureTask.from(s)))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> CaptureHistory.load(g.repository(), db).currentRunHasSnapshot()
                        && g.health().tasks().stream().allMatch(GuardianHealth.TaskState::healthy));
                insert(d, 20, 40);

                long wentAway = System.nanoTime();
                server.close(); // the database goes away
                await().atMost(Duration.ofSeconds(alertAfterSeconds + 30L)).until(() -> stoppedAlert(g).isPresent());
                assertThat(g.health().status()).as("capture stopped: not protected").isEqualTo("failing");
                assertThat(g.health().capture()).doesNotStartWith("running");
                Duration left = down.minusNanos(System.nanoTime() - wentAway);
                if (!left.isNegative() && !left.isZero()) {
                    // stays open, and no second notification, for as long as the database is away
                    await().during(left).atMost(left.plusSeconds(10)).until(() -> stoppedAlert(g).isPresent());
                }
                server = EmbeddedMongo.start(port, data); // back on the same port with its data
                // the test's own client drops its dead pooled connections on the first failed command
                await().ignoreExceptions().atMost(Duration.ofSeconds(10))
                        .until(() -> d.runCommand(new Document("ping", 1)) != null);
                insert(d, 40, 60);
                d.getCollection("orders").updateOne(Filters.eq("_id", 3), Updates.set("qty", 300));

                await().atMost(Duration.ofSeconds(40)).until(() -> stoppedAlert(g).isEmpty());
                assertThat(g.alerts().history(20)).filteredOn(a -> a.ruleId().equals(CaptureWatch.CAPTURE_STOPPED))
                        .singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
                await().atMost(Duration.ofSeconds(10)).until(() -> notices(hook).size() >= 2);
                assertThat(notices(hook)).containsExactly("opened", "resolved");

                Instant at = Instant.now();
                Map<String, List<Document>> expected = contents(client, db);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    CaptureTimeline.Run r = CaptureHistory.load(g.repository(), db).currentRun();
                    return r != null && !r.coveredUntil().isBefore(at);
                });
                assertThat(CaptureHistory.load(g.repository(), db).gaps()).as("an outage is no gap").isEmpty();
                PointInTimePlanner.PointInTimePlan p = PointInTimePlanner.plan(g.repository(), db,
                        new RestorePoint(at, false, at.toString()), RestoreRequest.defaults().withTargetDb("outage_r"),
                        Clock.systemUTC());
                new RestoreExecutor(client, g.repository(), RestoreOptions.defaults(), Clock.systemUTC()).execute(p.plan());
                assertThat(contents(client, "outage_r")).isEqualTo(expected);
                assertThat(expected.get("orders")).hasSize(60);
                assertThat(g.health().capture()).startsWith("running");
            }
        } finally {
            server.close();
        }
    }

    private static Optional<Alert> stoppedAlert(Guardian g) {
        return g.alerts().active().stream().filter(a -> a.ruleId().equals(CaptureWatch.CAPTURE_STOPPED)).findFirst();
    }

    /** The kinds of capture-stopped notifications the webhook received, in order. */
    private static List<String> notices(WebhookReceiver hook) throws Exception {
        List<String> out = new ArrayList<>();
        for (WebhookReceiver.Request r : hook.requests()) {
            JsonNode n = new ObjectMapper().readTree(r.body());
            if (n.at("/alert/rule").asText().equals(CaptureWatch.CAPTURE_STOPPED)) {
                out.add(n.get("event").asText());
            }
        }
        return out;
    }

    private static void insert(MongoDatabase d, int from, int to) {
        for (int i = from; i < to; i++) {
            d.getCollection("orders").insertOne(new Document("_id", i).append("qty", i));
        }
    }

    private static Map<String, List<Document>> contents(MongoClient client, String db) {
        Map<String, List<Document>> out = new TreeMap<>();
        MongoDatabase d = client.getDatabase(db);
        for (String c : d.listCollectionNames()) {
            if (!c.startsWith("prodguard_") && !c.startsWith("system.")) {
                List<Document> docs = d.getCollection(c).find().sort(new Document("_id", 1)).into(new ArrayList<>());
                if (!docs.isEmpty()) {
                    out.put(c, docs);
                }
            }
        }
        return out;
    }
}
