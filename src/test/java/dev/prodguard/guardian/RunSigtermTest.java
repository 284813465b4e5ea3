package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prodguard run} as a real JVM: it takes the first snapshot by itself, serves /health on the
 * port it prints, and SIGTERM ({@link Process#destroy()}) stops it cleanly with exit 0.
 */
class RunSigtermTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Pattern HEALTH = Pattern.compile("health: +(http://127\\.0\\.0\\.1:\\d+/health)");

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheGuardianCleanlyWithExitZero() throws Exception {
        String db = TestMongo.uniqueDb("run");
        mongo.client().getDatabase(db).getCollection("trades").insertOne(new Document("pair", "BTC/USDT"));
        Path log = dir.resolve("run.log");
        Process p = Subprocess.prodguard(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                        "PRODGUARD_REPO", dir.resolve("repo").toString(),
                        "PRODGUARD_STATE_DIR", dir.resolve("state").toString(), "PRODGUARD_HTTP_PORT", "0"),
                dir, List.of("-Xmx256m"), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String[] url = new String[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Matcher m = HEALTH.matcher(Files.readString(log));
                url[0] = m.find() ? m.group(1) : null;
                return url[0] != null || !p.isAlive();
            });
            assertThat(url[0]).as(Files.readString(log)).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode[] health = new JsonNode[1];
            // the first snapshot is taken at once (by capture), with no manual step, and capture runs
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url[0])).build(),
                        HttpResponse.BodyHandlers.ofString());
                health[0] = new ObjectMapper().readTree(r.body());
                return r.statusCode() == 200 && !health[0].at("/lastSnapshot/id").isNull()
                        && health[0].at("/capture/running").asBoolean();
            });
            assertThat(health[0].get("status").asText()).isIn("ok", "degraded");
            assertThat(health[0].at("/capture/state").asText()).startsWith("running (");
            assertThat(health[0].at("/capture/path").asText()).isNotBlank();

            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s").isTrue();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("capture takes the first one now").contains("guardian stopping")
                    .contains("capture of " + db + " stopped")
                    .contains("guardian stopped cleanly").contains("prodguard run: stopped cleanly");
            assertThat(millis).as("stop took " + millis + " ms").isLessThan(10_000);
        } finally {
            p.destroyForcibly();
        }
    }
}
