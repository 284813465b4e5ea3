package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.monitor.Capability;
import dev.prodguard.monitor.SamplerStatus;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which state gives which {@code /health} status and HTTP code, case by case (the table in docs/guardian.md):
 * 200 only while the database is protected.
 */
class HealthVerdictTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofHours(1));
    private static final HealthPolicy POLICY = new HealthPolicy(Duration.ofSeconds(15), Duration.ofMinutes(10));
    private static final SnapshotManifest SNAPSHOT = new SnapshotManifest(1, "20261125T100005Z-abc", "shop",
            "2026-11-25T10:00:01Z", "2026-11-25T10:00:05Z", 4000, "prodguard", List.of());
    private static final JobStatus JOB_OK = new JobStatus("snapshot", "0 2 * * *", false, START, START.plusSeconds(5),
            "snapshot taken", null, null, START.plus(Duration.ofDays(1)), 1, 0);
    private static final JobStatus JOB_FAILED = new JobStatus("snapshot", "0 2 * * *", false, NOW.minusSeconds(60),
            START.plusSeconds(5), "snapshot taken", NOW.minusSeconds(50), "snapshot of database shop failed: disk full", null,
            1, 1);
    private static final GuardianHealth.Database REACHABLE = new GuardianHealth.Database(true, NOW.minusSeconds(1), null, null);

    private static HealthVerdict.Facts healthy() {
        return new HealthVerdict.Facts(NOW, START, SNAPSHOT, JOB_OK, JOB_OK,
                List.of(new GuardianHealth.TaskState("capture", "running (database stream)", true)), List.of(), List.of(),
                REACHABLE);
    }

    private static HealthVerdict.Facts with(UnaryOperator<HealthVerdict.Facts> change) {
        return change.apply(healthy());
    }

    private static HealthVerdict.Facts database(HealthVerdict.Facts f, long downSeconds) {
        return new HealthVerdict.Facts(f.now(), f.startedAt(), f.lastSnapshot(), f.snapshotJob(), f.restoreTestJob(), f.tasks(),
                f.samplers(), f.openAlerts(), new GuardianHealth.Database(false, NOW.minusSeconds(downSeconds + 1),
                        NOW.minusSeconds(downSeconds), "no server answered at db.example.com:27017 (connection refused)"));
    }

    private static HealthVerdict.Facts alerts(HealthVerdict.Facts f, String... rules) {
        List<Alert> open = Stream.of(rules).map(r -> Alert.open(new AlertSpec(r + ":shop", r, Severity.CRITICAL, r,
                Map.of()), NOW)).toList();
        return new HealthVerdict.Facts(f.now(), f.startedAt(), f.lastSnapshot(), f.snapshotJob(), f.restoreTestJob(), f.tasks(),
                f.samplers(), open, f.database());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("everything works", healthy(), "ok", 200, List.of()),
                Arguments.of("database unreachable for 3 s (grace 15 s)", with(f -> database(f, 3)), "degraded", 200,
                        List.of("database-unreachable")),
                Arguments.of("database unreachable for 15 s", with(f -> database(f, 15)), "failing", 503,
                        List.of("database-unreachable")),
                Arguments.of("capture stopped beyond its grace (alert open)", with(f -> new HealthVerdict.Facts(f.now(),
                        f.startedAt(), f.lastSnapshot(), f.snapshotJob(), f.restoreTestJob(),
                        List.of(new GuardianHealth.TaskState("capture", "capture failed: no server answered", false)),
                        f.samplers(), alerts(f, GuardianRules.CAPTURE_STOPPED).openAlerts(), f.database())),
                        "failing", 503, List.of("capture-stopped")),
                Arguments.of("capture not running yet within its grace", with(f -> new HealthVerdict.Facts(f.now(),
                        f.startedAt(), f.lastSnapshot(), f.snapshotJob(), f.restoreTestJob(),
                        List.of(new GuardianHealth.TaskState("capture", "capture has not reached the database yet", false)),
                        f.samplers(), f.openAlerts(), f.database())), "degraded", 200, List.of("capture-not-running")),
                Arguments.of("the last scheduled snapshot failed", with(f -> new HealthVerdict.Facts(f.now(), f.startedAt(),
                        f.lastSnapshot(), JOB_FAILED, f.restoreTestJob(), f.tasks(), f.samplers(),
                        alerts(f, Guardian.SNAPSHOT_FAILED).openAlerts(), f.database())), "failing", 503,
                        List.of("snapshot-failed")),
                Arguments.of("no snapshot 1 min after start", with(f -> new HealthVerdict.Facts(START.plusSeconds(60),
                        f.startedAt(), null, f.snapshotJob(), f.restoreTestJob(), f.tasks(), f.samplers(), f.openAlerts(),
                        f.database())), "starting", 503, List.of("first-snapshot-pending")),
                Arguments.of("no snapshot 10 min after start", with(f -> new HealthVerdict.Facts(START.plusSeconds(600),
                        f.startedAt(), null, f.snapshotJob(), f.restoreTestJob(), f.tasks(), f.samplers(), f.openAlerts(),
                        f.database())), "failing", 503, List.of("no-snapshot")),
                Arguments.of("the last restore test failed", with(f -> new HealthVerdict.Facts(f.now(), f.startedAt(),
                        f.lastSnapshot(), f.snapshotJob(), JOB_FAILED, f.tasks(), f.samplers(), f.openAlerts(), f.database())),
                        "degraded", 200, List.of("restore-test-failed")),
                Arguments.of("a monitoring sampler errs", with(f -> new HealthVerdict.Facts(f.now(), f.startedAt(),
                        f.lastSnapshot(), f.snapshotJob(), f.restoreTestJob(), f.tasks(), List.of(new SamplerStatus("storage",
                                Capability.UNKNOWN, null, Map.of(), "dbStats failed", NOW)), f.openAlerts(), f.database())),
                        "degraded", 200, List.of("monitoring-failing")),
                Arguments.of("a wipe was detected (protection worked)", with(f -> alerts(f, WipeAlert.RULE)), "degraded", 200,
                        List.of("wipe-detected")),
                Arguments.of("an overdue snapshot and low space", with(f -> alerts(f, GuardianRules.SNAPSHOT_OVERDUE,
                        GuardianRules.REPOSITORY_SPACE)), "degraded", 200, List.of("alerts-open")),
                Arguments.of("database down past the grace during a wipe alert", with(f -> alerts(database(f, 60),
                        WipeAlert.RULE)), "failing", 503, List.of("database-unreachable", "wipe-detected")),
                Arguments.of("database unknown before the first ping", with(f -> new HealthVerdict.Facts(f.now(),
                        f.startedAt(), f.lastSnapshot(), f.snapshotJob(), f.restoreTestJob(), f.tasks(), f.samplers(),
                        f.openAlerts(), GuardianHealth.Database.UNKNOWN)), "ok", 200, List.of()));
    }

    @ParameterizedTest(name = "{0}: {2} ({3})")
    @MethodSource("cases")
    void eachStateHasItsStatusAndCode(String name, HealthVerdict.Facts facts, String status, int http, List<String> codes) {
        GuardianHealth h = GuardianHealth.of(facts, POLICY, List.of(), List.of());
        assertThat(h.status()).isEqualTo(status);
        assertThat(h.httpStatus()).isEqualTo(http);
        assertThat(h.reasons()).extracting(GuardianHealth.Reason::code).containsExactlyElementsOf(codes);
        assertThat(h.reasons()).allSatisfy(r -> assertThat(r.message()).isNotBlank().doesNotContain("Exception"));
        if (!h.reasons().isEmpty()) {
            assertThat(h.reasons().get(0).level()).isEqualTo(status);
        }
    }
}
