package dev.prodguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.guardian.JobStatus;
import dev.prodguard.monitor.Sample;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.LogCapture;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API over real HTTP against a guardian on the embedded server: the token gate, each
 * endpoint's shape, the generated token file, and that neither the token nor a password leaks.
 */
class GuardianApiTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String PASSWORD = "Api-Secret-Pw-7731";
    private static final List<String> ENDPOINTS = List.of("/api/status", "/api/alerts", "/api/alerts?state=all",
            "/api/jobs", "/api/metrics/connections", "/api/nothing-here", "/api");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    private Settings settings(String db, Map<String, String> extra) {
        mongo.client().getDatabase(db).getCollection("wallets").insertMany(List.of(
                new Document("user", "ada").append("balance", 10), new Document("user", "bob").append("balance", 5)));
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
        env.putAll(extra);
        return new SettingsLoader(env, dir, dir).load();
    }

    private Guardian start(Settings s) {
        return Guardian.start(s, clock, null, Runnable::run, List.of());
    }

    private HttpResponse<String> send(GuardianHttp web, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get200(GuardianHttp web, String path, ApiToken token) throws Exception {
        HttpResponse<String> r = send(web, "GET", path, "Bearer " + token(token));
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return mapper.readTree(r.body());
    }

    private static String token(ApiToken t) throws Exception {
        return Files.readString(t.file()).strip();
    }

    @Test
    void withoutTheRightTokenEveryApiPathAnswers401AndNothingElse() throws Exception {
        Settings s = settings(TestMongo.uniqueDb("api401"), Map.of());
        ApiToken token = ApiToken.resolve(s);
        String good = token(token);
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
            g.alerts().raise(new AlertSpec("test:secret-data", "test", Severity.WARNING, "Something worth hiding",
                    Map.of("collection", "wallets")));
            List<String> wrong = new ArrayList<>();
            wrong.add(null);
            wrong.add("Bearer ");
            wrong.add("Bearer wrong-token-of-some-length");
            wrong.add("Bearer " + good + "x");
            wrong.add("Bearer " + good.substring(0, good.length() - 1));
            wrong.add(good);
            wrong.add("Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + good).getBytes()));
            for (String path : ENDPOINTS) {
                for (String auth : wrong) {
                    for (String method : List.of("GET", "POST", "DELETE")) {
                        HttpResponse<String> r = send(web, method, path, auth);
                        String what = method + " " + path + " with " + (auth == null ? "no header" : "'" + auth + "'");
                        assertThat(r.statusCode()).as(what).isEqualTo(401);
                        assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
                                v -> assertThat(v).startsWith("Bearer"));
                        assertThat(mapper.readTree(r.body())).as(what)
                                .isEqualTo(mapper.readTree("{\"error\":\"unauthorized\"}"));
                    }
                }
            }
            // the scheme is case-insensitive (RFC 7235); the right token opens the door
            assertThat(send(web, "GET", "/api/jobs", "bearer " + good).statusCode()).isEqualTo(200);
            // /health and /metrics stay open
            assertThat(send(web, "GET", "/health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = send(web, "GET", "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("prodguard_");
        }
    }

    @Test
    void theApiAndTheCliPrintOneStatusAndOneAlertShape() throws Exception {
        String db = TestMongo.uniqueDb("apishape");
        Settings s = settings(db, Map.of());
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO",
                dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        ApiToken token = ApiToken.resolve(s);
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
            g.alerts().raise(new AlertSpec("test:one", "test-rule", Severity.WARNING, "First", Map.of("n", 1)));
            clock.advance(Duration.ofMinutes(1));
            g.alerts().raise(new AlertSpec("test:two", "test-rule", Severity.CRITICAL, "Second", Map.of("n", 2)));
            g.alerts().resolve("test:one");

            CliRun alerts = CliRun.run(env, dir, "alerts", "list", "--json");
            assertThat(alerts.exitCode).as(alerts.toString()).isZero();
            JsonNode api = get200(web, "/api/alerts?state=all", token).get("alerts");
            assertThat(mapper.readTree(alerts.out)).isEqualTo(api);
            assertThat(api.get(0).fieldNames()).toIterable().containsExactly("id", "key", "rule", "severity", "state",
                    "title", "details", "openedAt", "updatedAt", "resolvedAt", "lastNotifiedAt", "raises", "flaps",
                    "notifications");

            CliRun status = CliRun.run(env, dir, clock, "status", "--json"); // the same "now" for the costs
            assertThat(status.exitCode).as(status.toString()).isZero();
            com.fasterxml.jackson.databind.node.ObjectNode cli = (com.fasterxml.jackson.databind.node.ObjectNode)
                    mapper.readTree(status.out);
            com.fasterxml.jackson.databind.node.ObjectNode repository = (com.fasterxml.jackson.databind.node.ObjectNode)
                    get200(web, "/api/status", token).get("repository");
            assertThat(cli.remove("restoreMarkers").get("checked").asBoolean()).isTrue(); // the CLI asks MONGO_URL's server
            assertThat(repository.remove("openAlerts").findValuesAsText("key")).containsExactly("test:two"); // the API has the alerts
            // reads of the last 7 days depend on "now": the CLI's real clock, the guardian's test clock (2026-11-25)
            assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) repository.at("/costs/transfer")).remove("readLast7Days")
                    .asLong()).isEqualTo(98);
            ((com.fasterxml.jackson.databind.node.ObjectNode) cli.at("/costs/transfer")).remove("readLast7Days");
            assertThat(cli).isEqualTo(repository);
        }
    }

    @Test
    void withTheTokenEachEndpointAnswersItsShape() throws Exception {
        String db = TestMongo.uniqueDb("api200");
        Settings s = settings(db, Map.of());
        ApiToken token = ApiToken.resolve(s);
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
            String snapshot = new SnapshotCatalog(g.repository()).ids().get(0);

            JsonNode status = get200(web, "/api/status", token);
            assertThat(status.get("status").asText()).isEqualTo("ok");
            assertThat(status.at("/lastSnapshot/id").asText()).isEqualTo(snapshot);
            assertThat(status.at("/repository/repository").asText()).isEqualTo(g.repository().location());
            assertThat(status.at("/repository/snapshotCount").asInt()).isEqualTo(1);
            JsonNode listed = status.at("/repository/snapshots/0");
            assertThat(listed.get("id").asText()).isEqualTo(snapshot);
            assertThat(listed.get("documents").asLong()).isEqualTo(2);
            assertThat(listed.get("rawBytes").asLong()).isPositive();
            assertThat(listed.get("storedBytes").asLong()).isPositive();
            assertThat(listed.get("finishedAt").asText()).isNotBlank();
            assertThat(status.at("/repository/restorable")).isNotEmpty();
            assertThat(status.at("/repository/restorable/0/snapshotId").asText()).isEqualTo(snapshot);
            assertThat(status.get("jobs").findValuesAsText("name")).contains("snapshot", "restore test");

            JsonNode jobs = get200(web, "/api/jobs", token).get("jobs");
            assertThat(jobs.findValuesAsText("name")).containsExactlyElementsOf(
                    g.jobs().stream().map(JobStatus::name).toList());
            JsonNode snapJob = jobs.get(0);
            assertThat(snapJob.get("name").asText()).isEqualTo("snapshot");
            assertThat(snapJob.get("successes").asLong()).isEqualTo(1);
            assertThat(snapJob.get("lastSummary").asText()).contains(snapshot);
            assertThat(snapJob.get("nextRun").asText()).isEqualTo("2026-11-26T02:00:00.000Z");
            assertThat(snapJob.get("failing").asBoolean()).isFalse();

            assertThat(get200(web, "/api/alerts", token).get("alerts")).isEmpty();
            g.alerts().raise(new AlertSpec("test:one", "test-rule", Severity.WARNING, "First", Map.of("n", 1)));
            clock.advance(Duration.ofMinutes(1));
            g.alerts().raise(new AlertSpec("test:two", "test-rule", Severity.CRITICAL, "Second", Map.of("n", 2)));
            clock.advance(Duration.ofMinutes(1));
            g.alerts().resolve("test:one");
            JsonNode open = get200(web, "/api/alerts?state=open", token);
            assertThat(open.get("state").asText()).isEqualTo("open");
            assertThat(open.get("alerts").findValuesAsText("key")).containsExactly("test:two");
            JsonNode two = open.at("/alerts/0");
            assertThat(two.get("severity").asText()).isEqualTo("critical");
            assertThat(two.get("title").asText()).isEqualTo("Second");
            assertThat(two.at("/details/n").asInt()).isEqualTo(2);
            assertThat(two.get("openedAt").asText()).isEqualTo("2026-11-25T10:01:00.000Z"); // JSON: milliseconds, always
            JsonNode all = get200(web, "/api/alerts?state=all", token);
            assertThat(all.get("alerts").findValuesAsText("key")).containsExactlyInAnyOrder("test:one", "test:two");
            assertThat(all.get("alerts").findValuesAsText("state")).contains("resolved");
            assertThat(get200(web, "/api/alerts?state=all&limit=1", token).get("alerts")).hasSize(1);
            assertThat(send(web, "GET", "/api/alerts?state=maybe", "Bearer " + token(token)).statusCode()).isEqualTo(400);
            assertThat(send(web, "GET", "/api/alerts?limit=0", "Bearer " + token(token)).statusCode()).isEqualTo(400);

            // series from the monitoring history: server-wide and per-subject metrics, the window honoured
            Instant now = clock.instant();
            g.samples().add(List.of(Sample.of("connections.current", now.minus(Duration.ofHours(3)), 7),
                    Sample.of("connections.current", now.minusSeconds(60), 9),
                    new Sample("collection.count", "wallets", now.minusSeconds(60), 2)));
            JsonNode conn = get200(web, "/api/metrics/connections?hours=2", token);
            assertThat(conn.get("sampler").asText()).isEqualTo("connections");
            assertThat(conn.get("hours").asInt()).isEqualTo(2);
            JsonNode current = series(conn, "connections.current", "");
            assertThat(current.findValuesAsText("at")).containsExactly(dev.prodguard.text.Instants.json(now.minusSeconds(60)));
            assertThat(current.at("/0/value").asDouble()).isEqualTo(9.0);
            assertThat(series(get200(web, "/api/metrics/connections?hours=4", token), "connections.current", ""))
                    .hasSize(2);
            JsonNode growth = get200(web, "/api/metrics/collection-growth", token);
            assertThat(series(growth, "collection.count", "wallets").at("/0/value").asDouble()).isEqualTo(2.0);

            HttpResponse<String> unknown = send(web, "GET", "/api/metrics/nope", "Bearer " + token(token));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(mapper.readTree(unknown.body()).get("error").asText()).contains("connections");
            assertThat(send(web, "GET", "/api/metrics/connections?hours=x", "Bearer " + token(token)).statusCode())
                    .isEqualTo(400);
            HttpResponse<String> notFound = send(web, "GET", "/api/snapshots", "Bearer " + token(token));
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(mapper.readTree(notFound.body()).has("error")).isTrue();
            HttpResponse<String> post = send(web, "POST", "/api/status", "Bearer " + token(token));
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET");
        }
    }

    private static JsonNode series(JsonNode reply, String metric, String subject) {
        for (JsonNode s : reply.get("series")) {
            if (s.get("metric").asText().equals(metric) && s.get("subject").asText().equals(subject)) {
                return s.get("points");
            }
        }
        throw new AssertionError("no series " + metric + "/" + subject + " in " + reply);
    }

    @Test
    void everyMetricARealMonitoringRoundWritesBelongsToASampler() {
        Settings s = settings(TestMongo.uniqueDb("apifam"), Map.of());
        try (Guardian g = start(s)) {
            clock.advance(Duration.ofHours(1));
            List<Sample> taken = g.monitor().sampleOnce();
            assertThat(taken).isNotEmpty();
            assertThat(taken.stream().map(Sample::metric).distinct().toList()).allSatisfy(m ->
                    assertThat(MetricFamilies.all()).as("metric %s is served by /api/metrics/<sampler>", m).contains(m));
            assertThat(MetricFamilies.slugs()).containsExactlyInAnyOrderElementsOf(
                    g.monitor().status().stream().map(x -> MetricFamilies.slug(x.name())).toList());
        }
    }

    @Test
    void theGeneratedTokenIsKeptOwnerOnlyAndSurvivesARestart() throws Exception {
        Settings s = settings(TestMongo.uniqueDb("apifile"), Map.of());
        Path file = dir.resolve("state").resolve(ApiToken.FILE_NAME);
        String first;
        try (LogCapture logs = new LogCapture()) {
            ApiToken token = ApiToken.resolve(s);
            assertThat(token.file()).isEqualTo(file);
            assertThat(token.where()).isEqualTo(file.toString());
            first = token(token);
            assertThat(first).matches("[A-Za-z0-9_-]{43}"); // 256 bits, base64url
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
            try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
                get200(web, "/api/status", token);
                assertThat(send(web, "GET", "/api/does-not-exist", "Bearer nope").body()).doesNotContain(first);
            }
            // restart: the same token from the same file
            ApiToken again = ApiToken.resolve(s);
            assertThat(token(again)).isEqualTo(first);
            try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, again)) {
                assertThat(send(web, "GET", "/api/jobs", "Bearer " + first).statusCode()).isEqualTo(200);
            }
            assertThat(logs.text()).contains(file.toString()).doesNotContain(first);
        }
        assertThat(ApiToken.generate()).isNotEqualTo(first);
        // a file made readable by others is tightened back to 0600
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(token(ApiToken.resolve(s))).isEqualTo(first);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void aConfiguredTokenIsUsedNeverPrintedAndMustBeLong() throws Exception {
        String configured = "configured-token-0123456789abcdef";
        Settings s = settings(TestMongo.uniqueDb("apicfg"), Map.of("PRODGUARD_API_TOKEN", configured));
        ApiToken token = ApiToken.resolve(s);
        assertThat(token.file()).isNull();
        assertThat(token.where()).isEqualTo("PRODGUARD_API_TOKEN");
        assertThat(dir.resolve("state").resolve(ApiToken.FILE_NAME)).doesNotExist();
        assertThat(s.toString()).doesNotContain(configured);
        assertThat(dev.prodguard.config.Secrets.scrub("token " + configured)).doesNotContain(configured);
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
            assertThat(send(web, "GET", "/api/jobs", "Bearer " + configured).statusCode()).isEqualTo(200);
            assertThat(send(web, "GET", "/api/jobs", "Bearer " + configured.toUpperCase()).statusCode()).isEqualTo(401);
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> settings(TestMongo.uniqueDb("apishort"),
                Map.of("PRODGUARD_API_TOKEN", "tooshort"))))
                .isInstanceOf(dev.prodguard.error.ProdguardException.class)
                .hasMessageContaining("PRODGUARD_API_TOKEN (from environment) is shorter than 16").hasMessageNotContaining("tooshort");
    }

    @Test
    void noReplyCarriesTheMongoPassword() throws Exception {
        String host = mongo.uri().substring("mongodb://".length()).replaceAll("/.*$", "");
        String db = TestMongo.uniqueDb("apipw");
        Settings s = settings(db, Map.of("MONGO_URL", "mongodb://guardian:" + PASSWORD + "@" + host + "/?authSource=admin",
                "PRODGUARD_WEBHOOK_URL", "http://127.0.0.1:1/hook/" + PASSWORD));
        ApiToken token = ApiToken.resolve(s);
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
            // make the password reach the data the API serves: an alert whose details quote the URI
            g.alerts().raise(new AlertSpec("test:uri", "test", Severity.WARNING, "Connection to mongodb://guardian:"
                    + PASSWORD + "@" + host + " failed", Map.of("uri", "mongodb://guardian:" + PASSWORD + "@" + host,
                            "error", "auth failed for " + PASSWORD)));
            for (String path : List.of("/api/status", "/api/alerts?state=all", "/api/jobs", "/api/metrics/connections",
                    "/api/metrics/storage", "/health", "/metrics")) {
                HttpResponse<String> r = send(web, "GET", path, "Bearer " + token(token));
                assertThat(r.statusCode()).as(path).isIn(200, 503);
                assertThat(r.body()).as(path).doesNotContain(PASSWORD);
            }
            // the embedded server refuses the made-up user: the failed snapshot's alert quotes the error too
            JsonNode alerts = get200(web, "/api/alerts", token).get("alerts");
            assertThat(alerts.findValuesAsText("rule")).contains(Guardian.SNAPSHOT_FAILED, "test");
            JsonNode mine = null;
            for (JsonNode a : alerts) {
                mine = a.get("key").asText().equals("test:uri") ? a : mine;
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("title").asText()).contains("mongodb://").contains("****");
            assertThat(mine.at("/details/error").asText()).isEqualTo("auth failed for ****");
        }
    }
}
