package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the guardian as {@code prodguard run} wires it serves a dashboard on its port. Before, {@code /} was a
 * 404 and nothing a browser could sign in with existed.
 */
class GuardianDashboardTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        Secrets.clearForTests();
    }

    @Test
    void theGuardiansRootIsTheDashboardsSignInAndAPrintedLinkSignsIn() throws Exception {
        String db = TestMongo.uniqueDb("root");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "ada"));
        Settings s = new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_HTTP_PORT", "0",
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString()),
                dir, dir).load();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (GuardianProcess g = GuardianProcess.start(s, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")))) {
            HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).as("GET / without a session").isEqualTo(401);
            assertThat(root.body()).contains("<h1>Sign in</h1>");
            String link = g.signInLink();
            assertThat(link).startsWith("http://127.0.0.1:" + g.port() + "/signin?code=")
                    .doesNotContain(java.nio.file.Files.readString(dir.resolve("state/api-token")).strip());
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(303);
            assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
        }
    }
}
