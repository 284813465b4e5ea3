package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertState;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.web.GuardianHttp;
import dev.prodguard.web.GuardianMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardian against the embedded server and a real repository in a temp dir, on a manual clock:
 * jobs run inline when {@link Guardian#tick()} finds them due.
 */
class GuardianTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    /** A Wednesday. */
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final HttpClient http = HttpClient.newHttpClient();

    private Settings settings(String db) {
        mongo.client().getDatabase(db).getCollection("wallets").insertMany(List.of(
                new Document("user", "ada").append("balance", 10), new Document("user", "bob").append("balance", 5)));
        return new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, dir).load();
    }

    private Guardian start(Settings s) {
        return Guardian.start(s, clock, null, Runnable::run, List.of());
    }

    @Test
    void aDatabaseWithNoRepositoryGetsItsFirstSnapshotAtOnce() {
        Settings s = settings(TestMongo.uniqueDb("first"));
        assertThat(dir.resolve("repo")).doesNotExist();
        try (Guardian g = start(s)) {
            List<String> ids = new SnapshotCatalog(g.repository()).ids();
            assertThat(ids).hasSize(1);
            assertThat(g.snapshotStatus().successes()).isEqualTo(1);
            assertThat(g.snapshotStatus().lastSummary()).contains(ids.get(0)).contains("2 document(s)");
            GuardianHealth h = g.health();
            assertThat(h.lastSnapshot().id()).isEqualTo(ids.get(0));
            assertThat(h.lastSnapshot().ageSeconds()).isZero();
            assertThat(h.status()).isEqualTo("ok");
            assertThat(h.capture()).isEqualTo(GuardianHealth.CAPTURE_NOT_RUNNING);
            // the next one is the scheduled one: tomorrow 02:00 UTC, not another one now
            assertThat(g.snapshotStatus().nextRun()).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
            assertThat(g.tick()).isZero();
        }
    }

    @Test
    void aRepositoryWithASnapshotIsNotSnapshottedAgainAtStart() {
        Settings s = settings(TestMongo.uniqueDb("again"));
        try (Guardian g = start(s)) {
            assertThat(g.snapshotStatus().successes()).isEqualTo(1);
        }
        clock.set(START.plusSeconds(600));
        try (Guardian g = start(s)) {
            assertThat(g.snapshotStatus().successes()).isZero();
            assertThat(new SnapshotCatalog(g.repository()).ids()).hasSize(1);
            assertThat(g.health().lastSnapshot().ageSeconds()).isEqualTo(600);
        }
    }

    @Test
    void aFailingScheduledSnapshotRaisesAnAlertAndTheNextSuccessResolvesIt() throws Exception {
        Settings s = settings(TestMongo.uniqueDb("fail"));
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0);
                Repository other = RepositoryFactory.open(s)) {
            // another prodguard operation holds the repository lock at 02:00: the scheduled snapshot fails
            clock.set(Instant.parse("2026-11-26T02:00:00Z"));
            OperationLock held = other.lock("repo", "prune (test)", Duration.ofMinutes(10), clock);
            assertThat(g.tick()).isGreaterThanOrEqualTo(1);
            assertThat(g.snapshotStatus().failures()).isEqualTo(1);
            assertThat(g.snapshotStatus().lastError()).contains("holds the 'repo' lock").contains("prune (test)");
            List<Alert> open = g.alerts().active();
            assertThat(open).singleElement().satisfies(a -> {
                assertThat(a.ruleId()).isEqualTo(Guardian.SNAPSHOT_FAILED);
                assertThat(a.title()).contains("Scheduled snapshot failed");
                assertThat(String.valueOf(a.details().get("error"))).contains("lock");
            });
            HttpResponse<String> failing = get(web, "/health");
            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(json(failing).get("status").asText()).isEqualTo("failing");
            assertThat(json(failing).at("/alerts/open").asInt()).isEqualTo(1);

            held.close();
            clock.set(Instant.parse("2026-11-27T02:00:00Z"));
            g.tick();
            assertThat(g.snapshotStatus().successes()).isEqualTo(2);
            assertThat(g.alerts().active()).isEmpty();
            assertThat(g.alerts().history(10)).anySatisfy(a -> {
                assertThat(a.ruleId()).isEqualTo(Guardian.SNAPSHOT_FAILED);
                assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            });
            HttpResponse<String> ok = get(web, "/health");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(json(ok).get("status").asText()).isEqualTo("ok");

            PrometheusText m = PrometheusText.parse(get(web, "/metrics").body());
            assertThat(m.value("prodguard_snapshots_total", Map.of("result", "success"))).isEqualTo(2.0);
            assertThat(m.value("prodguard_snapshots_total", Map.of("result", "failure"))).isEqualTo(1.0);
            assertThat(m.value("prodguard_open_alerts", Map.of())).isZero();
        }
    }

    @Test
    void healthAndMetricsOverRealHttpOnARandomPort() throws Exception {
        Settings s = settings(TestMongo.uniqueDb("http"));
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0)) {
            assertThat(web.port()).isPositive();
            String id = new SnapshotCatalog(g.repository()).ids().get(0);
            clock.set(START.plusSeconds(90)); // monitoring round due (every 60 s by default)
            g.tick();

            HttpResponse<String> health = get(web, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode h = json(health);
            assertThat(h.at("/lastSnapshot/id").asText()).isEqualTo(id);
            assertThat(h.at("/lastSnapshot/ageSeconds").asLong()).isEqualTo(90);
            assertThat(Instant.parse(h.at("/lastSnapshot/finishedAt").asText())).isEqualTo(START);
            assertThat(h.at("/capture/state").asText()).isEqualTo("not running");
            assertThat(h.get("monitor")).isNotEmpty();
            assertThat(h.get("monitor").findValuesAsText("name")).contains("connections");
            assertThat(h.at("/alerts/open").asInt()).isZero();
            assertThat(h.get("jobs").findValuesAsText("schedule")).contains("0 2 * * *", "0 3 * * 0", "0 4 * * *");
            assertThat(h.get("jobs").findValuesAsText("name")).contains("snapshot", "restore test", "prune",
                    "repository checks"); // every scheduled job, not only the first two

            HttpResponse<String> metrics = get(web, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            PrometheusText m = PrometheusText.parse(metrics.body());
            assertThat(m.value("prodguard_last_snapshot_age_seconds", Map.of())).isEqualTo(90.0);
            assertThat(m.value("prodguard_snapshots_total", Map.of("result", "success"))).isEqualTo(1.0);
            assertThat(m.value("prodguard_restore_tests_total", Map.of("result", "failure"))).isZero();
            assertThat(m.samples).anySatisfy(x -> assertThat(x.name()).isEqualTo("prodguard_monitor_value"));
            assertThat(m.samples).allSatisfy(x -> assertThat(x.name()).matches(PrometheusText.NAME));

            assertThatThrownBy(() -> GuardianHttp.start(g, new GuardianMetrics(g), web.port()))
                    .hasMessageContaining("port " + web.port() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("PRODGUARD_HTTP_PORT");
            assertThat(get(web, "/health/extra").statusCode()).isEqualTo(404);
            assertThat(get(web, "/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port()
                    + "/health")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void theWeeklyRestoreTestRunsOnSundayAndPasses() {
        Settings s = settings(TestMongo.uniqueDb("verify"));
        try (Guardian g = start(s)) {
            clock.set(Instant.parse("2026-11-29T02:59:59Z"));
            g.tick();
            assertThat(g.restoreTestStatus().successes() + g.restoreTestStatus().failures()).isZero();
            clock.set(Instant.parse("2026-11-29T03:00:00Z"));
            g.tick();
            assertThat(g.restoreTestStatus().lastError()).isNull();
            assertThat(g.restoreTestStatus().successes()).isEqualTo(1);
            assertThat(g.restoreTestStatus().lastSummary()).contains("0 mismatched");
            assertThat(g.restoreTestStatus().nextRun()).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
        }
    }

    @Test
    void aBadScheduleStopsTheStartWithAConfigErrorAndOpensNothing() throws Exception {
        String db = TestMongo.uniqueDb("bad");
        Files.writeString(dir.resolve("prodguard.yml"), "schedule:\n  snapshot: \"0 25 * * *\"\n");
        Settings s = new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, dir).load();
        assertThatThrownBy(() -> start(s)).hasMessageContaining("schedule.snapshot '0 25 * * *'")
                .hasMessageContaining("hour 25 is not 0-23");
        assertThat(dir.resolve("repo")).doesNotExist();
    }

    private HttpResponse<String> get(GuardianHttp web, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return new ObjectMapper().readTree(r.body());
    }
}
