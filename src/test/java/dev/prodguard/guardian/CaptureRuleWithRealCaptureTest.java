package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.config.Schedule;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.status.CaptureFacts;
import dev.prodguard.status.StatusService;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture rule reading what the real {@link CaptureService} commits (as a separate
 * {@code prodguard capture} would) on the embedded server: quiet while it runs, "capture stopped"
 * once it has been stopped for the threshold (judged on a test clock set ahead), resolved when it runs
 * again.
 */
class CaptureRuleWithRealCaptureTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final CaptureService.Timing FAST = new CaptureService.Timing(Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofSeconds(60), Duration.ofMillis(500));

    @TempDir
    Path dir;

    /** The rules' clock: set to the real time (capture runs on it) or ahead of it. */
    private final MutableClock rulesClock = new MutableClock(Instant.now());
    private final List<Notification> sent = new ArrayList<>();

    private static final class Capture implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CompletableFuture<CaptureService.Summary> running;

        Capture(Repository repo, String db) {
            CaptureService service = new CaptureService(mongo.client(), repo, db, FAST, SnapshotOptions.defaults(),
                    Clock.systemUTC(), CaptureService.Pause.SLEEP);
            running = CompletableFuture.supplyAsync(() -> {
                try {
                    return service.run(stop::get);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            running.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppedCaptureIsNoticedFromTheRepositoryAndResolvedWhenItRunsAgain() throws Exception {
        String db = TestMongo.uniqueDb("realcap");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "ada"));
        try (Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null);
                SqliteAlertStore store = SqliteAlertStore.open(dir.resolve("state"))) {
            AlertManager alerts = new AlertManager(rulesClock, store, AlertPolicy.DEFAULT, sent::add);
            StatusService health = new StatusService(repo, null);
            GuardianRules rules = new GuardianRules(health, db, Schedule.parse("snapshot", "every 1h"),
                    RulesSettings.DEFAULTS, alerts, rulesClock);
            try (Capture c = new Capture(repo, db)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> health.capture(db) != null);
                mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "bob"));
                long seq = health.capture(db).seq();
                await().atMost(Duration.ofSeconds(30)).until(() -> health.capture(db).seq() > seq);
                rulesClock.set(Instant.now());
                assertThat(rules.evaluate()).containsPattern("capture: last commit [0-9.]+ m?s ago, [0-9.]+ m?s behind;");
                assertThat(alerts.active()).isEmpty();
            }
            CaptureFacts last = health.capture(db);
            assertThat(last.state().state()).isEqualTo("stopped");
            rulesClock.set(last.committedAt().plusSeconds(121)); // two minutes later, nothing committed
            rules.evaluate();
            Optional<Alert> stopped = alerts.active().stream()
                    .filter(a -> a.ruleId().equals(GuardianRules.CAPTURE_STOPPED)).findFirst();
            assertThat(stopped).get().satisfies(a -> {
                assertThat(a.title()).isEqualTo("Capture of " + db + " stopped: no change committed for 2 min 1 s");
                assertThat(a.details().get("capture state")).asString().startsWith("stopped (recorded ");
            });

            try (Capture c = new Capture(repo, db)) { // it runs again
                Instant before = last.committedAt(); // idle: capture commits its tip, not a new segment
                await().atMost(Duration.ofSeconds(30)).until(() -> health.capture(db).committedAt().isAfter(before));
                rulesClock.set(Instant.now().plusSeconds(1));
                rules.evaluate();
                assertThat(alerts.active()).isEmpty();
            }
            assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.OPENED,
                    Notification.Kind.RESOLVED);
        }
    }
}
