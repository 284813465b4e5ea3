package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.config.Schedule;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.retention.RetentionPolicy;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardian's scheduled prune on a real repository filled by real snapshots of the embedded server:
 * it waits for another process's repository lock (on a test clock), fails with the job's alert when the
 * lock stays held, and waits for the guardian's own snapshot instead of failing.
 */
class RetentionJobTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    /** Keep only the newest snapshot: changes 0, daily 0, weekly 0, newest 1, orphan grace 1 h. */
    static final RetentionPolicy NEWEST_ONLY = RetentionPolicy.validate(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1,
            Duration.ofHours(1));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(10)));
    private final List<Notification> sent = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final ReentrantLock repositoryWork = new ReentrantLock();
    private Repository repo;
    private Repository otherProcess;
    private SqliteAlertStore store;
    private AlertManager alerts;
    private String db;

    @BeforeEach
    void fill() {
        db = TestMongo.uniqueDb("retention");
        repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null);
        otherProcess = Repository.open(new FileStorage(dir.resolve("repo")), null);
        for (int daysAgo = 10; daysAgo >= 0; daysAgo -= 5) {
            clock.set(NOW.minus(Duration.ofDays(daysAgo)));
            mongo.client().getDatabase(db).getCollection("trades").insertOne(new Document("daysAgo", daysAgo));
            new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults(), clock).take(db, null);
        }
        store = SqliteAlertStore.open(dir.resolve("state"));
        alerts = new AlertManager(clock, store, AlertPolicy.DEFAULT, sent::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RetentionJob job(RetentionJob.Pause pause) {
        // the other process's heartbeat does not follow the test clock: never take its lock over as stale
        return new RetentionJob(repo, NEWEST_ONLY, clock, Duration.ofDays(1), repositoryWork, Duration.ofMinutes(2),
                pause);
    }

    @Test
    void prunesWhatThePolicyNoLongerKeeps() {
        String summary = job(pauses::add).run();
        assertThat(summary).startsWith("pruned 2 snapshot(s), 0 segment(s), 0 unreferenced object(s)")
                .contains("kept 1 item(s)");
        assertThat(new SnapshotCatalog(repo).ids()).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void waitsForABackupOfAnotherProcessThenPrunes() {
        OperationLock backup = otherProcess.lock("repo", "backup (test)", Duration.ofMinutes(10), clock);
        String summary = job(d -> {
            pauses.add(d);
            clock.advance(d);
            if (pauses.size() == 2) {
                backup.close(); // the other process's backup commits after a minute
            }
        }).run();
        assertThat(pauses).containsExactly(RetentionJob.RETRY_EVERY, RetentionJob.RETRY_EVERY);
        assertThat(summary).startsWith("pruned 2 snapshot(s)");
        assertThat(new SnapshotCatalog(repo).ids()).hasSize(1);
    }

    @Test
    void aLockHeldForTheWholeWaitFailsTheJobWithAnAlertAndTheNextSuccessResolvesIt() {
        OperationLock backup = otherProcess.lock("repo", "backup (test)", Duration.ofHours(10), clock);
        RetentionJob job = job(d -> {
            pauses.add(d);
            clock.advance(d);
        });
        assertThatThrownBy(job::run).isInstanceOfSatisfying(ProdguardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED));
        assertThat(pauses).hasSize(4); // 2 minutes of waiting in 30 s steps
        assertThat(new SnapshotCatalog(repo).ids()).hasSize(3);

        pauses.clear();
        ScheduledJob scheduled = RetentionJob.scheduled(Schedule.parse("prune", "every 1h"), job, alerts, clock, db);
        clock.advance(Duration.ofHours(1));
        assertThat(scheduled.submitIfDue(clock.instant(), Runnable::run)).isTrue();
        assertThat(alerts.active()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo(RetentionJob.PRUNE_FAILED);
            assertThat(a.title()).isEqualTo("Scheduled prune (retention) failed: " + db);
            assertThat(a.details().get("error")).asString().contains("backup (test)");
        });
        backup.close();
        clock.advance(Duration.ofHours(1));
        scheduled.submitIfDue(clock.instant(), Runnable::run);
        assertThat(alerts.active()).isEmpty();
        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED);
        assertThat(scheduled.status().lastSummary()).startsWith("pruned 2 snapshot(s)");
    }

    @Test
    void waitsForTheGuardiansOwnSnapshotInsteadOfFailing() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        repositoryWork.lock(); // the guardian's snapshot job is running
        try {
            Future<String> prune = pool.submit(() -> {
                started.countDown();
                return job(pauses::add).run();
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(repositoryWork::hasQueuedThreads);
            assertThat(prune).isNotDone();
            assertThat(new SnapshotCatalog(repo).ids()).hasSize(3);
            repositoryWork.unlock();
            assertThat(prune.get(30, TimeUnit.SECONDS)).startsWith("pruned 2 snapshot(s)");
            assertThat(pauses).isEmpty();
        } finally {
            if (repositoryWork.isHeldByCurrentThread()) {
                repositoryWork.unlock();
            }
            pool.shutdownNow();
        }
    }
}
