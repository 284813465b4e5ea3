package dev.prodguard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * {@code prodguard run} as a real JVM: it prints where the API token is (never the token), and the
 * printed API URL answers with the token from that file.
 */
class RunApiTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Pattern API = Pattern.compile(
            "api: +(http://127\\.0\\.0\\.1:\\d+/api/status) \\(send 'Authorization: Bearer <token>'; the token is in (\\S+)\\)");

    @TempDir
    Path dir;

    @Test
    void runPrintsWhereTheTokenIsAndNeverTheToken() throws Exception {
        String db = TestMongo.uniqueDb("runapi");
        mongo.client().getDatabase(db).getCollection("trades").insertOne(new Document("pair", "BTC/USDT"));
        Path log = dir.resolve("run.log");
        Path state = dir.resolve("state");
        Process p = Subprocess.prodguard(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                        "PRODGUARD_REPO", dir.resolve("repo").toString(),
                        "PRODGUARD_STATE_DIR", state.toString(), "PRODGUARD_HTTP_PORT", "0"),
                dir, List.of("-Xmx256m"), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Matcher[] m = new Matcher[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                m[0] = API.matcher(Files.readString(log));
                return m[0].find() || !p.isAlive();
            });
            assertThat(m[0].hitEnd() && !p.isAlive()).as(Files.readString(log)).isFalse();
            assertThat(Path.of(m[0].group(2))).isEqualTo(state.resolve(ApiToken.FILE_NAME));
            String token = Files.readString(state.resolve(ApiToken.FILE_NAME)).strip();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m[0].group(1)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(r.body()).at("/repository/repository").asText())
                    .isEqualTo(dir.resolve("repo").toString());
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(out).contains("generated a new API token in " + state.resolve(ApiToken.FILE_NAME))
                    .doesNotContain(token);
        } finally {
            p.destroyForcibly();
        }
    }
}
