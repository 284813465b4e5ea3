package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.alert.Alert;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardian with its repository rules and scheduled prune wired in, against the embedded server and
 * a real repository, on a test clock: the prune runs on {@code schedule.prune}, and snapshots that keep
 * failing become "overdue" as well as "failed", both resolved by the next snapshot.
 */
class GuardianRepositoryJobsTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    /** A Wednesday. */
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);

    private Settings settings(String yml, Map<String, String> extraEnv) throws Exception {
        String db = TestMongo.uniqueDb("jobs");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "ada").append("balance", 10));
        Files.writeString(dir.resolve("prodguard.yml"), yml);
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
        env.putAll(extraEnv);
        return new SettingsLoader(env, dir, dir).load();
    }

    private Guardian start(Settings s) {
        return Guardian.start(s, clock, null, Runnable::run, List.of());
    }

    private static JobStatus job(Guardian g, String name) {
        return g.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void thePruneRunsOnItsScheduleAndTheRulesEveryMonitoringRound() throws Exception {
        Settings s = settings("""
                schedule:
                  snapshot: every 1h
                  prune: every 2h
                retention:
                  newest: 1
                  daily: 0d
                  weekly: 0d
                  changes: 0d
                """, Map.of());
        try (Guardian g = start(s)) {
            assertThat(job(g, "prune").schedule()).isEqualTo("every 2h");
            assertThat(job(g, "repository checks").schedule()).isEqualTo("every 60s");
            clock.advance(Duration.ofHours(1));
            g.tick();
            assertThat(new SnapshotCatalog(g.repository()).ids()).hasSize(2);
            assertThat(job(g, "repository checks").lastSummary()).contains("snapshot: newest 0 s old")
                    .contains("capture: never ran for " + s.dbName() + " (not expected)")
                    .contains("restore test: none recorded").contains("repository space: ");
            clock.advance(Duration.ofHours(1));
            g.tick(); // a third snapshot, then the prune keeps only the newest
            assertThat(job(g, "prune").successes()).isEqualTo(1);
            assertThat(job(g, "prune").lastSummary()).startsWith("pruned 2 snapshot(s)");
            assertThat(new SnapshotCatalog(g.repository()).ids()).hasSize(1);
            assertThat(g.alerts().active()).isEmpty();
        }
    }

    @Test
    void snapshotsThatKeepFailingAreAlsoOverdueAndTheNextSuccessResolvesBoth() throws Exception {
        Settings s = settings("schedule:\n  snapshot: every 1h\n", Map.of());
        try (Guardian g = start(s); Repository other = RepositoryFactory.open(s)) {
            assertThat(job(g, "snapshot").successes()).isEqualTo(1);
            for (int h = 1; h <= 4; h++) { // four hourly snapshots fail; overdue after 2 x 1 h + 1 h
                clock.advance(Duration.ofHours(1));
                // another process's backup holds the repository lock (its heartbeat is fresh) whenever one is due
                try (OperationLock held = other.lock("repo", "backup (another process)", Duration.ofMinutes(10), clock)) {
                    g.tick();
                }
            }
            assertThat(job(g, "snapshot").failures()).isEqualTo(4);
            assertThat(g.alerts().active()).extracting(Alert::ruleId)
                    .containsExactlyInAnyOrder(Guardian.SNAPSHOT_FAILED, GuardianRules.SNAPSHOT_OVERDUE);
            assertThat(g.alerts().active()).filteredOn(a -> a.ruleId().equals(GuardianRules.SNAPSHOT_OVERDUE))
                    .singleElement().satisfies(a -> assertThat(a.title()).isEqualTo("No snapshot of " + s.dbName()
                            + " for 4 h"));

            clock.advance(Duration.ofHours(1));
            g.tick(); // the snapshot job runs before the checks in the same tick
            assertThat(g.alerts().active()).isEmpty();
        }
    }

    @Test
    void badThresholdsAndRetentionStopTheStartWithAConfigErrorAndOpenNothing() throws Exception {
        // the thresholds are checked when the configuration loads (every command), before anything opens
        assertThatThrownBy(() -> settings("", Map.of("PRODGUARD_REPO_FREE_PCT", "150")))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG);
                    assertThat(e.getMessage()).isEqualTo("PRODGUARD_REPO_FREE_PCT=150 (from environment) is out of range;"
                            + " use a whole number from 0 to 99 (%)");
                });
        assertThatThrownBy(() -> settings("", Map.of("PRODGUARD_CAPTURE_LAG_ALERT_S", "soon")))
                .hasMessageStartingWith("PRODGUARD_CAPTURE_LAG_ALERT_S='soon' (from environment) is not a whole number");
        assertThatThrownBy(() -> settings("", Map.of("PRODGUARD_CAPTURE_EXPECTED", "maybe")))
                .hasMessageContaining("PRODGUARD_CAPTURE_EXPECTED='maybe'").hasMessageContaining("is not a boolean");
        Settings prune = settings("schedule:\n  prune: \"0 4 * * * *\"\n", Map.of());
        assertThatThrownBy(() -> start(prune)).hasMessageContaining("schedule.prune '0 4 * * * *' is not a schedule");
        Settings retention = settings("retention:\n  keep: 3\n", Map.of());
        assertThatThrownBy(() -> start(retention)).hasMessageContaining("retention.keep is not a retention setting");
        assertThat(dir.resolve("repo")).doesNotExist();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() throws Exception {
        RulesSettings d = RulesSettings.from(settings("", Map.of()));
        assertThat(d).isEqualTo(RulesSettings.DEFAULTS);
        assertThat(d.captureExpected()).isFalse();
        assertThat(d.captureStoppedAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.captureLagAlert()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.repoFreePct()).isEqualTo(10);
        assertThat(d.repoFreeBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(GuardianSchedules.defaults().prune().toString()).isEqualTo("0 4 * * *");
        RulesSettings yes = RulesSettings.from(settings("", Map.of("PRODGUARD_CAPTURE_EXPECTED", "yes")));
        assertThat(yes.captureExpected()).isTrue();
        assertThat(RulesSettings.DEFAULTS.expectingCaptureIf(true).captureExpected()).isTrue();
        assertThat(yes.expectingCaptureIf(false).captureExpected()).isTrue();
    }
}
