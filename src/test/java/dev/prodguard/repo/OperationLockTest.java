package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup, capture, restore and prune never overlap; a crashed holder never leaves a job stuck. */
class OperationLockTest {
    private static final Duration STALE = Duration.ofMinutes(2);

    /**
     * A clock the test moves by hand, a day behind the real one: a lock is judged by its file's modification
     * time, which {@link #stamp} sets to this clock's time after each write (a time in the past of the file's
     * real change, so the storage honours it), as if the storage's clock were this one.
     */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dir;

    private Repository repo;
    private final TestClock clock = new TestClock();

    @BeforeEach
    void setUp() {
        repo = Repository.openOrCreate(new FileStorage(dir), null, RepositoryRoundTripTest.SMALL);
    }

    /** Sets the file's modification time to the test clock's now: it was written at this clock's time. */
    private void stamp(String name) throws java.io.IOException {
        Files.setLastModifiedTime(dir.resolve("locks").resolve(name), java.nio.file.attribute.FileTime.from(clock.instant()));
    }

    private void assertLocked(Callable<?> take, String... fragments) {
        assertThatThrownBy(take::call).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
            assertThat(ErrorCode.LOCKED.exitCode()).isEqualTo(8);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Test
    void aSecondTakerIsRefusedNamingTheHolderUntilRelease() throws Exception {
        assertThat(repo.lockInfo("repo")).isNull();
        OperationLock backup = repo.lock("repo", "backup", STALE, clock);
        stamp("repo.lock");
        assertThat(backup.takeoverNotice()).isNull();
        LockInfo info = repo.lockInfo("repo");
        assertThat(info.operation()).isEqualTo("backup");
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.started()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(30));
        assertLocked(() -> repo.lock("repo", "prune", STALE, clock), "'repo' lock", "'backup'",
                "host " + LockHolder.localHost(), "pid " + ProcessHandle.current().pid(), "started " + info.started(),
                "lock refreshed 30 s ago", "not been refreshed for 2 min", "never by the time its holder wrote into it");
        // other scopes are independent
        try (OperationLock restore = repo.lock("target:my db", "restore", STALE, clock)) {
            assertThat(restore.takeoverNotice()).isNull();
        }
        backup.close();
        backup.close(); // idempotent
        try (OperationLock prune = repo.lock("repo", "prune", STALE, clock)) {
            assertThat(prune.takeoverNotice()).isNull();
        }
        assertThat(dir.resolve("locks")).isEmptyDirectory();
    }

    @Test
    void aStaleHolderIsTakenOverWithANoticeAndLearnsItLostTheLock() throws Exception {
        RepoLock crashed = (RepoLock) repo.lock("repo", "backup", STALE, clock);
        stamp("repo.lock");
        clock.advance(Duration.ofMinutes(1));
        crashed.heartbeatNow(); // alive a minute later
        stamp("repo.lock");
        clock.advance(Duration.ofSeconds(119));
        assertLocked(() -> repo.lock("repo", "capture", STALE, clock), "'backup'"); // 1m59s since heartbeat
        clock.advance(Duration.ofSeconds(2)); // 2m01s since heartbeat: presumed crashed

        OperationLock capture = repo.lock("repo", "capture", STALE, clock);
        assertThat(capture.takeoverNotice()).contains("took over the 'repo' lock from 'backup'")
                .contains("pid " + ProcessHandle.current().pid()).contains("2 min 1 s ago").contains("presumably crashed");
        capture.ensureHeld();

        // the old holder, if it was only frozen, finds out at its next heartbeat and must stop
        crashed.heartbeatNow();
        assertThatThrownBy(crashed::ensureHeld).isInstanceOfSatisfying(ProdguardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED));
        crashed.close(); // must not delete the new holder's lock
        assertLocked(() -> repo.lock("repo", "prune", STALE, clock), "'capture'");
        capture.close();
        repo.lock("repo", "prune", STALE, clock).close();
    }

    @Test
    void aHeartbeatKeepsALongOperationFresh() throws Exception {
        RepoLock capture = (RepoLock) repo.lock("repo", "capture", STALE, clock);
        for (int i = 0; i < 10; i++) { // 10 minutes of work, heartbeat every minute
            clock.advance(Duration.ofMinutes(1));
            capture.heartbeatNow();
            stamp("repo.lock");
            assertLocked(() -> repo.lock("repo", "backup", STALE, clock), "'capture'", "lock refreshed 0 s ago");
        }
        capture.ensureHeld();
        capture.close();
    }

    @Test
    void theHeartbeatRunsOnItsOwn() {
        // real concurrency: the scheduled heartbeat (every staleAfter/4) rewrites the lock by itself
        Clock system = Clock.systemUTC();
        try (RepoLock lock = (RepoLock) repo.lock("repo", "capture", Duration.ofMillis(400), system)) {
            Instant first = lock.holder().heartbeat();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> LockHolder.parse(Files.readAllBytes(dir.resolve("locks/repo.lock"))).heartbeat()
                            .isAfter(first));
            lock.ensureHeld();
        }
    }

    @Test
    void aHolderWhoseProcessIsGoneOnThisHostIsTakenOverAtOnce() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        LockHolder ghost = new LockHolder("repo", "backup", LockHolder.localHost(), deadPid, "ghost-token",
                clock.instant(), clock.instant());
        Files.createDirectories(dir.resolve("locks"));
        Files.write(dir.resolve("locks/repo.lock"), ghost.toJson());
        try (OperationLock lock = repo.lock("repo", "restore", STALE, clock)) {
            assertThat(lock.takeoverNotice()).contains("pid " + deadPid).contains("no longer exists");
        }
    }

    @Test
    void aHolderOnAnotherHostIsJudgedByTheAgeOfItsLockFile() throws Exception {
        LockHolder remote = new LockHolder("repo", "backup", "other-host", 1, "remote-token", clock.instant(),
                clock.instant());
        Files.createDirectories(dir.resolve("locks"));
        Files.write(dir.resolve("locks/repo.lock"), remote.toJson());
        stamp("repo.lock");
        assertLocked(() -> repo.lock("repo", "restore", STALE, clock), "host other-host (pid 1)");
        clock.advance(STALE.plusSeconds(1));
        try (OperationLock lock = repo.lock("repo", "restore", STALE, clock)) {
            assertThat(lock.takeoverNotice()).contains("other-host");
        }
    }

    @Test
    void anUnreadableLockFileIsTakenOverAndAnAbandonedTakeoverClaimDoesNotBlock() throws Exception {
        Files.createDirectories(dir.resolve("locks"));
        Files.writeString(dir.resolve("locks/repo.lock"), "garbage", StandardCharsets.UTF_8);
        try (OperationLock lock = repo.lock("repo", "backup", STALE, clock)) {
            assertThat(lock.takeoverNotice()).contains("unreadable");
        }
        // a taker that crashed between claiming and replacing a stale lock
        RepoLock stale = (RepoLock) repo.lock("repo", "backup", STALE, clock);
        stamp("repo.lock");
        String token = stale.holder().token();
        Files.write(dir.resolve("locks/repo.takeover-" + Keys.encodeSegment(token)),
                stale.holder().withHeartbeat(clock.instant()).toJson());
        stamp("repo.takeover-" + Keys.encodeSegment(token));
        clock.advance(STALE.plusMinutes(1));
        try (OperationLock lock = repo.lock("repo", "capture", STALE, clock)) {
            assertThat(lock.takeoverNotice()).contains("'backup'");
        }
        assertThat(dir.resolve("locks")).isEmptyDirectory();
        stale.close();
    }

    @Test
    void ofManyTakersRacingForAStaleLockExactlyOneWins() throws Exception {
        RepoLock crashed = (RepoLock) repo.lock("repo", "backup", STALE, clock);
        stamp("repo.lock");
        clock.advance(STALE.plusSeconds(1));
        int takers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OperationLock>> results = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
            String op = "taker-" + i;
            results.add(pool.submit(() -> {
                go.await();
                return repo.lock("repo", op, STALE, clock);
            }));
        }
        go.countDown();
        List<OperationLock> won = new ArrayList<>();
        int refused = 0;
        for (Future<OperationLock> f : results) {
            try {
                won.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ProdguardException.class,
                        pe -> assertThat(pe.code()).isEqualTo(ErrorCode.LOCKED));
                refused++;
            }
        }
        pool.shutdown();
        assertThat(won).hasSize(1);
        assertThat(refused).isEqualTo(takers - 1);
        assertThat(won.get(0).takeoverNotice()).contains("'backup'");
        won.get(0).close();
        crashed.close();
    }

    /** Writes the lock file of a holder on another host (pid 1), as that holder would. */
    private void writeOtherHostsLock(String operation, Instant started, Instant heartbeat) throws java.io.IOException {
        LockHolder other = new LockHolder("repo", operation, "other-host", 1, "other-token", started, heartbeat);
        Files.createDirectories(dir.resolve("locks"));
        Files.write(dir.resolve("locks/repo.lock"), other.toJson());
    }

    /** A clock at the real time, for the tests that judge a lock by the real modification time of its file. */
    private static TestClock realTime() {
        TestClock c = new TestClock();
        c.now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return c;
    }

    @Test
    void aLockWhoseHeartbeatLiesInTheFutureIsTakenOverOnceItsFileIsStaleAsSeenHere() throws Exception {
        TestClock here = realTime();
        // the holder's clock is an hour ahead (or the file was edited); then the holder stops
        writeOtherHostsLock("backup", here.instant().plus(Duration.ofMinutes(59)), here.instant().plus(Duration.ofHours(1)));
        assertLocked(() -> repo.lock("repo", "restore", STALE, here), "host other-host (pid 1)", "2 min");
        here.advance(STALE.plusSeconds(1)); // its file has not changed for 2m01s on this machine's clock
        try (OperationLock lock = repo.lock("repo", "restore", STALE, here)) {
            assertThat(lock.takeoverNotice()).contains("other-host").contains("as seen here (stale after 2 min)");
        }
    }

    @Test
    void aLiveHolderWhoseClockIsBehindIsNotTakenOver() throws Exception {
        TestClock here = realTime();
        // the holder's clock is an hour behind; it keeps refreshing its lock file
        for (int minute = 0; minute < 3; minute++) { // its heartbeat, written just now
            writeOtherHostsLock("capture", here.instant().minus(Duration.ofHours(2)), here.instant().minus(Duration.ofHours(1)));
            assertLocked(() -> repo.lock("repo", "backup", STALE, here), "'capture'", "host other-host (pid 1)");
            here.advance(Duration.ofSeconds(30));
        }
    }

    @Test
    void aLockFileWhoseModificationTimeWasSetIntoTheFutureIsJudgedByWhenItReallyChanged() throws Exception {
        TestClock here = realTime();
        writeOtherHostsLock("backup", here.instant().plus(Duration.ofDays(1)), here.instant().plus(Duration.ofDays(1)));
        // copied with the times of a machine whose clock is a day ahead (rsync -t, cp -p), or touch -d
        Files.setLastModifiedTime(dir.resolve("locks/repo.lock"),
                java.nio.file.attribute.FileTime.from(here.instant().plus(Duration.ofDays(1))));
        assertLocked(() -> repo.lock("repo", "restore", STALE, here), "lock refreshed 0 s ago");
        here.advance(STALE.plusSeconds(2));
        try (OperationLock lock = repo.lock("repo", "restore", STALE, here)) {
            assertThat(lock.takeoverNotice()).contains("other-host");
        }
    }
}
