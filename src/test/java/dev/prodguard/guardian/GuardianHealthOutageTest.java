package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.alert.Alert;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.web.GuardianHttp;
import dev.prodguard.web.GuardianMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} tells an uptime checker the truth (issue 13 point 6): the real guardian with capture against
 * the embedded server (H2 file), the server stopped: /health answers 503 with status {@code failing} and the
 * reason within the grace; the server back on the same port: 200 again.
 */
class GuardianHealthOutageTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        Secrets.clearForTests();
    }

    @Test
    void healthAnswers503WhileTheDatabaseIsUnreachableAnd200WhenItIsBack() throws Exception {
        Path data = dir.resolve("h2/db.mv");
        EmbeddedMongo server = EmbeddedMongo.start(0, data);
        int port = server.port();
        String uri = "mongodb://127.0.0.1:" + port + "/";
        try (MongoClient client = MongoClients.create(uri + "?serverSelectionTimeoutMS=1000")) {
            client.getDatabase("healthy").getCollection("orders").insertOne(new Document("_id", 1));
            Settings s = new SettingsLoader(Map.of("MONGO_URL", uri, "DB_NAME", "healthy",
                    "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                    "PRODGUARD_CONNECT_TIMEOUT_MS", "500", "PRODGUARD_HEALTH_GRACE_S", "2",
                    "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300",
                    "PRODGUARD_CAPTURE_STOPPED_AFTER_S", "1"), dir, dir).load();
            try (Guardian g = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(CaptureTask.from(s)));
                    GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> health(web).statusCode() == 200
                        && json(health(web)).get("status").asText().equals("ok"));

                server.close(); // the database goes away
                long gone = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).until(() -> health(web).statusCode() == 503);
                JsonNode down = json(health(web));
                assertThat(Duration.ofNanos(System.nanoTime() - gone)).as("503 only after the grace")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(down.get("status").asText()).isEqualTo("failing");
                assertThat(down.get("reasons").findValuesAsText("code")).contains("database-unreachable");
                assertThat(down.get("reasons").findValuesAsText("message")).anySatisfy(m ->
                        assertThat(m).contains("127.0.0.1:" + port).contains("unreachable since"));
                assertThat(down.at("/database/reachable").asBoolean(true)).isFalse();
                assertThat(down.at("/database/problem").asText()).startsWith("no server answered at 127.0.0.1:" + port);

                // the capture-stopped alert says what is wrong in one plain line, not in the driver's words
                await().atMost(Duration.ofSeconds(30)).until(() -> g.alerts().active().stream()
                        .anyMatch(a -> a.ruleId().equals(CaptureWatch.CAPTURE_STOPPED)));
                Alert stopped = g.alerts().active().stream().filter(a -> a.ruleId().equals(CaptureWatch.CAPTURE_STOPPED))
                        .findFirst().orElseThrow();
                String wrong = String.valueOf(stopped.details().get("what is wrong"));
                assertThat(wrong).contains("127.0.0.1:" + port).doesNotContain("ReadPreferenceServerSelector")
                        .doesNotContain("Timed out while waiting").doesNotContain("Exception").doesNotContain("{");
                assertThat(json(health(web)).get("reasons").findValuesAsText("code")).contains("capture-stopped");

                server = EmbeddedMongo.start(port, data); // back on the same port with its data
                await().atMost(Duration.ofSeconds(60)).until(() -> health(web).statusCode() == 200);
                JsonNode up = json(health(web));
                assertThat(up.get("status").asText()).isIn("ok", "degraded");
                assertThat(up.get("reasons").findValuesAsText("code")).doesNotContain("database-unreachable",
                        "capture-stopped");
                assertThat(up.at("/database/reachable").asBoolean()).isTrue();
            }
        } finally {
            server.close();
        }
    }

    private HttpResponse<String> health(GuardianHttp web) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/health"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return new ObjectMapper().readTree(r.body());
    }
}
