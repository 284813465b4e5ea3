package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.Severity;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.SegmentWriter;
import dev.prodguard.config.Schedule;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.status.StatusService;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.verify.Invariant;
import dev.prodguard.verify.RestoreTester;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardian's repository rules against a real repository in a temp dir, written by the real
 * segment writer, snapshot service and restore tester (on the embedded server), raising through the
 * AlertManager with its SQLite store; time is a test clock, nobody sleeps.
 */
class GuardianRulesTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    /** A Wednesday. */
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<Notification> sent = new ArrayList<>();
    private SqliteAlertStore store;
    private AlertManager alerts;
    private Repository repo;
    private String db;

    @BeforeEach
    void open() {
        store = SqliteAlertStore.open(dir.resolve("state"));
        alerts = new AlertManager(clock, store, AlertPolicy.DEFAULT, sent::add);
        repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null);
        db = TestMongo.uniqueDb("rules");
    }

    @AfterEach
    void close() {
        store.close();
        repo.close();
    }

    private GuardianRules rules(RulesSettings s) {
        return new GuardianRules(new StatusService(repo, null), db, Schedule.parse("snapshot", "0 2 * * *"), s, alerts,
                clock);
    }

    /** The rules with capture and space checks as configured, and a snapshot taken now so that rule is quiet. */
    private GuardianRules quietRules(RulesSettings s) {
        snapshot();
        return rules(s);
    }

    private void snapshot() {
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "ada").append("balance", 10));
        new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults(), clock).take(db, null);
    }

    /**
     * Commits the position the way capture does on an idle database, with a change at {@code changeAt}:
     * a position-only segment, or (within 5 min of the last segment) the capture tip.
     */
    private void commitSegment(Instant changeAt) {
        try (SegmentWriter w = SegmentWriter.resume(repo, db, "test", clock, Duration.ofMillis(500))) {
            w.add(List.of(), CapturePosition.afterTime(new BsonTimestamp((int) changeAt.getEpochSecond(), 1)));
            w.commit();
            assertThat(w.committedPosition().clusterTime().getTime()).isEqualTo((int) changeAt.getEpochSecond());
        }
    }

    private Optional<Alert> open(String ruleId) {
        return alerts.active().stream().filter(a -> a.ruleId().equals(ruleId)).findFirst();
    }

    private List<Notification.Kind> kinds(String ruleId) {
        return sent.stream().filter(n -> n.alert().ruleId().equals(ruleId)).map(Notification::kind).toList();
    }

    @Test
    void captureThatNeverRanIsNotWatchedUnlessExpected() {
        GuardianRules r = quietRules(RulesSettings.DEFAULTS);
        clock.advance(Duration.ofHours(5));
        assertThat(r.evaluate()).contains("capture: never ran for " + db + " (not expected)");
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).isEmpty();

        GuardianRules expected = rules(RulesSettings.DEFAULTS.expectingCaptureIf(true));
        clock.advance(Duration.ofSeconds(29));
        assertThat(expected.evaluate()).contains("capture: waiting for the first commit");
        clock.advance(Duration.ofSeconds(1)); // 30 s after the rules started: the default threshold
        expected.evaluate();
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).get().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.title()).isEqualTo("Capture of " + db + " has not committed any change");
            assertThat(a.details()).containsEntry("last commit", "never");
        });
    }

    @Test
    void anIdleCaptureThatOnlyAdvancesItsTipIsNotStopped() {
        GuardianRules r = quietRules(RulesSettings.DEFAULTS);
        commitSegment(clock.instant());
        for (int i = 0; i < 4; i++) { // 4 min of idle commits: the tip moves, no new segment (one every 5 min)
            clock.advance(Duration.ofSeconds(60));
            try (SegmentWriter w = SegmentWriter.resume(repo, db, "test", clock, Duration.ofMillis(500))) {
                w.add(List.of(), CapturePosition.afterTime(new BsonTimestamp((int) clock.instant().getEpochSecond(), 1)));
                assertThat(w.commit()).as("an idle commit writes the tip, not a segment").isNull();
            }
            assertThat(r.evaluate()).contains("capture: last commit 0 s ago");
        }
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).isEmpty();
        assertThat(open(GuardianRules.CAPTURE_LAGGING)).isEmpty();
    }

    @Test
    void withCaptureInsideTheGuardianAStopIsLeftToItsCaptureWatchButLagIsStillJudged() {
        GuardianRules r = quietRules(RulesSettings.DEFAULTS).leavingStoppedCaptureTo(true);
        GuardianRules alone = quietRules(RulesSettings.DEFAULTS);
        commitSegment(clock.instant());
        clock.advance(Duration.ofMinutes(10)); // far past the 30 s threshold
        r.evaluate();
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).isEmpty(); // CaptureWatch raises 'capture:<db>' instead
        alone.evaluate();
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).isPresent(); // the same facts without the task: one alert
    }

    @Test
    void captureThatStopsCommittingRaisesOnceAndResolvesWhenItCommitsAgain() {
        GuardianRules r = quietRules(RulesSettings.DEFAULTS);
        commitSegment(clock.instant());
        clock.advance(Duration.ofSeconds(20));
        assertThat(r.evaluate()).contains("capture: last commit 20 s ago, 0 s behind");
        assertThat(alerts.active()).isEmpty();

        Instant lastCommit = T0;
        for (int round = 0; round < 10; round++) { // ten rounds, a minute apart, with no commit
            clock.advance(Duration.ofSeconds(60));
            r.evaluate();
        }
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).get().satisfies(a -> {
            assertThat(a.title()).isEqualTo("Capture of " + db + " stopped: no change committed for 10 min 20 s");
            assertThat(a.details().get("last commit")).asString().startsWith(lastCommit.toString());
            assertThat(a.raises()).isEqualTo(10); // every round: 80 s to 10 min 20 s, all past the 30 s threshold
        });
        assertThat(kinds(GuardianRules.CAPTURE_STOPPED)).containsExactly(Notification.Kind.OPENED);

        commitSegment(clock.instant());
        clock.advance(Duration.ofSeconds(10));
        r.evaluate();
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).isEmpty();
        assertThat(kinds(GuardianRules.CAPTURE_STOPPED)).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED);
    }

    @Test
    void captureRunningInAnotherProcessCountsFromTheRepositoryNotFromWhenTheGuardianStarted() {
        commitSegment(clock.instant()); // a 'prodguard capture' committed, then died
        clock.advance(Duration.ofHours(3));
        GuardianRules r = quietRules(RulesSettings.DEFAULTS); // the guardian starts: capture may resume meanwhile
        r.evaluate();
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).isEmpty();
        clock.advance(Duration.ofSeconds(120));
        r.evaluate();
        assertThat(open(GuardianRules.CAPTURE_STOPPED)).get()
                .satisfies(a -> assertThat(a.title()).endsWith("no change committed for 3 h 2 min"));
    }

    @Test
    void laggingCaptureRaisesAWarningAndClearsOnlyWellBelowTheThreshold() {
        GuardianRules r = quietRules(RulesSettings.DEFAULTS);
        commitSegment(clock.instant().minusSeconds(90)); // committed now, its newest change 90 s old: catching up
        clock.advance(Duration.ofSeconds(5));
        assertThat(r.evaluate()).contains("1 min 30 s behind (LAGGING)");
        assertThat(open(GuardianRules.CAPTURE_LAGGING)).get().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.title()).isEqualTo("Capture of " + db + " is 1 min 30 s behind");
        });
        commitSegment(clock.instant().minusSeconds(45)); // under 60 s but not under 30 s: stays raised
        clock.advance(Duration.ofSeconds(5));
        r.evaluate();
        assertThat(open(GuardianRules.CAPTURE_LAGGING)).isPresent();
        commitSegment(clock.instant().minusSeconds(2));
        clock.advance(Duration.ofSeconds(5));
        r.evaluate();
        assertThat(open(GuardianRules.CAPTURE_LAGGING)).isEmpty();
        assertThat(kinds(GuardianRules.CAPTURE_LAGGING)).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED);
    }

    @Test
    void captureFlappingEveryFewMinutesNotifiesAtMostFourTimes() {
        RulesSettings s = new RulesSettings(true, Duration.ofSeconds(120), Duration.ofSeconds(60), 0, 0);
        GuardianRules r = quietRules(s);
        commitSegment(clock.instant());
        for (int flap = 0; flap < 20; flap++) {
            clock.advance(Duration.ofMinutes(3)); // capture silent for 3 min: stopped
            r.evaluate();
            assertThat(open(GuardianRules.CAPTURE_STOPPED)).isPresent();
            commitSegment(clock.instant()); // it commits again
            clock.advance(Duration.ofSeconds(30));
            r.evaluate();
            assertThat(open(GuardianRules.CAPTURE_STOPPED)).isEmpty();
            alerts.tick();
        }
        // an hour of flapping: opened, resolved, flapping, then silence
        assertThat(kinds(GuardianRules.CAPTURE_STOPPED)).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED, Notification.Kind.FLAPPING);
        clock.advance(AlertPolicy.DEFAULT.coolDown());
        commitSegment(clock.instant());
        r.evaluate();
        alerts.tick(); // quiet for the cool-down: the one "resolved"
        assertThat(kinds(GuardianRules.CAPTURE_STOPPED)).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED, Notification.Kind.FLAPPING, Notification.Kind.RESOLVED);
        assertThat(alerts.history(10)).filteredOn(a -> a.ruleId().equals(GuardianRules.CAPTURE_STOPPED))
                .singleElement().satisfies(a -> assertThat(a.flaps()).isEqualTo(19));
    }

    @Test
    void noSnapshotWithinTwiceTheScheduleAndAnHourIsOverdue() {
        snapshot(); // at T0, a Wednesday 10:00; daily schedule: overdue after 2 d 1 h
        GuardianRules r = rules(RulesSettings.DEFAULTS);
        clock.advance(Duration.ofDays(2).plusMinutes(59));
        assertThat(r.evaluate()).contains("snapshot: newest 2 d old");
        assertThat(open(GuardianRules.SNAPSHOT_OVERDUE)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        r.evaluate();
        assertThat(open(GuardianRules.SNAPSHOT_OVERDUE)).get().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.title()).isEqualTo("No snapshot of " + db + " for 2 d 1 h");
            assertThat(a.details()).containsEntry("schedule", "0 2 * * *")
                    .containsEntry("expected within", "2 d 1 h (twice the schedule's period plus 1 h)");
        });
        snapshot(); // e.g. a 'prodguard backup' run by hand: read from the repository, not from memory
        r.evaluate();
        assertThat(open(GuardianRules.SNAPSHOT_OVERDUE)).isEmpty();
        assertThat(kinds(GuardianRules.SNAPSHOT_OVERDUE)).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED);
    }

    @Test
    void overduePeriodFollowsTheSchedule() {
        assertThat(GuardianRules.overdueAfter(Schedule.parse("snapshot", "every 6h"), T0)).isEqualTo(Duration.ofHours(13));
        assertThat(GuardianRules.overdueAfter(Schedule.parse("snapshot", "0 3 * * sun"), T0))
                .isEqualTo(Duration.ofDays(14).plusHours(1));
        assertThat(GuardianRules.overdueAfter(Schedule.parse("snapshot", "30 23 * * *"), T0))
                .isEqualTo(Duration.ofDays(2).plusHours(1));
    }

    @Test
    void aFailedRestoreTestRecordRaisesAndTheNextPassingOneResolves() {
        GuardianRules r = quietRules(RulesSettings.DEFAULTS);
        assertThat(r.evaluate()).contains("restore test: none recorded");
        // a weekly 'prodguard verify --restore' (cron, or the guardian) whose invariant does not hold
        restoreTest("[{name: two wallets, collection: wallets, pipeline: [{$count: n}], expect: [{n: 2}]}]");
        r.evaluate();
        String key = r.key(Guardian.RESTORE_TEST_FAILED);
        assertThat(open(Guardian.RESTORE_TEST_FAILED)).get().satisfies(a -> {
            assertThat(a.key()).isEqualTo(key); // the key the guardian's restore-test job raises: one failure, one alert
            assertThat(a.details().get("problems")).isEqualTo("invariant two wallets failed");
        });
        clock.advance(Duration.ofMinutes(1));
        r.evaluate(); // the same record again: nothing new
        assertThat(kinds(Guardian.RESTORE_TEST_FAILED)).containsExactly(Notification.Kind.OPENED);

        clock.advance(Duration.ofDays(7));
        restoreTest("[{name: one wallet, collection: wallets, pipeline: [{$count: n}], expect: [{n: 1}]}]");
        r.evaluate();
        assertThat(open(Guardian.RESTORE_TEST_FAILED)).isEmpty();
        assertThat(kinds(Guardian.RESTORE_TEST_FAILED)).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED);
    }

    @Test
    void aPassingRecordOlderThanTheOpenAlertDoesNotResolveItAfterARestart() {
        snapshot();
        restoreTest("[]"); // passed at T0
        clock.advance(Duration.ofDays(7));
        // the next scheduled test could not even run (the job raised); then the guardian restarts
        alerts.raise(new dev.prodguard.alert.AlertSpec(Guardian.RESTORE_TEST_FAILED + ":" + db,
                Guardian.RESTORE_TEST_FAILED, Severity.CRITICAL, "Restore test failed: " + db, null));
        clock.advance(Duration.ofMinutes(5));
        GuardianRules r = rules(RulesSettings.DEFAULTS);
        assertThat(r.evaluate()).contains("restore test " + T0 + ": passed");
        assertThat(open(Guardian.RESTORE_TEST_FAILED)).isPresent();
    }

    private void restoreTest(String invariantsYaml) {
        try {
            List<Invariant> inv = Invariant.parse(new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(invariantsYaml));
            new RestoreTester(mongo.client(), repo, RestoreOptions.from(SnapshotOptions.defaults()), clock).run("latest", inv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theRealFilesystemIsMeasuredAndAThresholdAboveItsFreeShareRaises() {
        GuardianRules fine = quietRules(new RulesSettings(false, Duration.ofSeconds(120), Duration.ofSeconds(60), 0, 1));
        assertThat(fine.evaluate()).containsPattern("repository space: \\d.* free of .* \\(\\d+ %\\)");
        assertThat(open(GuardianRules.REPOSITORY_SPACE)).isEmpty();

        GuardianRules strict = rules(new RulesSettings(false, Duration.ofSeconds(120), Duration.ofSeconds(60), 99, 0));
        strict.evaluate();
        assertThat(open(GuardianRules.REPOSITORY_SPACE)).get().satisfies(a -> {
            assertThat(a.title()).startsWith("Repository storage nearly full: ");
            assertThat(a.details()).containsEntry("repository", repo.location());
        });
    }
}
