package dev.prodguard.guardian;

import com.mongodb.client.MongoClient;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.Alerting;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Schedule;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.Clients;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.monitor.Monitor;
import dev.prodguard.monitor.MonitorSettings;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.retention.RetentionPolicy;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotResult;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.status.StatusService;
import dev.prodguard.text.Durations;
import dev.prodguard.verify.Invariant;
import dev.prodguard.verify.RestoreTestReport;
import dev.prodguard.verify.RestoreTester;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian ({@code prodguard run}): scheduled snapshots and restore tests, monitoring rounds
 * and alert housekeeping on an injected clock, plus the long-running {@link GuardianTask}s (change
 * capture). {@link #tick()} submits whatever is due; with a scheduler it runs every second by itself.
 * {@link #close()} stops the schedule, lets running jobs commit, stops the tasks and closes the stores.
 */
public final class Guardian implements AutoCloseable {
    /** Rule id raised when a scheduled snapshot fails. */
    public static final String SNAPSHOT_FAILED = "snapshot-failed";
    /** Rule id raised when a scheduled restore test fails. */
    public static final String RESTORE_TEST_FAILED = "restore-test-failed";
    /** How often the mirror ({@code PRODGUARD_REPO_MIRROR}) is compared with the repository and caught up. */
    static final Duration MIRROR_SYNC_EVERY = Duration.ofMinutes(15);

    /** How often {@link AlertManager#tick()} runs (reminders, flapping "resolved" notices). */
    public static final Duration ALERT_TICK = Duration.ofSeconds(5);
    /** How long {@link #close()} waits for a running snapshot or restore test to commit. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Guardian.class);

    private final Settings settings;
    private final Clock clock;
    private final MongoClient client;
    private final Repository repo;
    private final Alerting alerting;
    private final ScheduledExecutorService deliveries;
    private final SampleStore samples;
    private final Monitor monitor;
    private final Executor jobs;
    private final List<ScheduledJob> scheduled = new ArrayList<>();
    private final List<GuardianTask> tasks;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledJob snapshotJob;
    private final ScheduledJob restoreTestJob;
    /** Held by the snapshot and prune jobs: they wait for each other instead of failing on the repository lock. */
    private final ReentrantLock repositoryWork = new ReentrantLock();
    private final HealthPolicy healthPolicy;
    private final DatabaseProbe database;
    private final Instant startedAt;
    /** The newest regular snapshot of the guarded database (safety snapshots and other databases' never count). */
    private volatile SnapshotManifest lastSnapshot;
    private String newestSeen;
    private volatile boolean firstSnapshotPending;
    private ScheduledFuture<?> ticking;
    private final StorageWatch storageWatch;
    private Instant lastRefresh = Instant.EPOCH;

    private Guardian(Settings settings, Clock clock, Executor jobs, List<GuardianTask> tasks) {
        this.settings = settings;
        this.clock = clock;
        this.jobs = jobs;
        this.tasks = List.copyOf(tasks);
        GuardianSchedules schedules = GuardianSchedules.from(settings.section("schedule"));
        MonitorSettings monitorSettings = MonitorSettings.from(settings);
        RetentionPolicy retention = RetentionPolicy.parse(settings.section("retention"));
        RulesSettings rules = RulesSettings.from(settings)
                .expectingCaptureIf(tasks.stream().anyMatch(t -> t.name().equals("capture")));
        String db = settings.dbName();
        ReportJob.check(settings); // before anything is opened
        this.deliveries = Executors.newSingleThreadScheduledExecutor(daemon("alert-delivery"));
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            this.repo = RepositoryFactory.openOrCreate(settings);
            opened.add(repo);
            this.client = Clients.create(settings.mongo(), settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS));
            opened.add(client);
            this.alerting = Alerting.start(settings, clock, deliveries);
            opened.add(alerting);
            this.samples = SampleStore.open(settings.path(ConfigKey.STATE_DIR));
            opened.add(samples);
        } catch (RuntimeException e) {
            closeAll(opened);
            deliveries.shutdownNow();
            throw e;
        }
        AlertManager alerts = alerting.manager();
        this.startedAt = clock.instant();
        this.healthPolicy = HealthPolicy.from(settings);
        this.storageWatch = new StorageWatch(repo.storage(), alerts, clock, healthPolicy.databaseGrace());
        this.database = DatabaseProbe.start(client, db, clock, healthPolicy.probeEvery(),
                Duration.ofMillis(settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS)));
        this.monitor = Monitor.start(client, settings, samples, alerts, clock, null);
        SnapshotOptions options = SnapshotOptions.from(settings);
        this.snapshotJob = new ScheduledJob("snapshot", schedules.snapshot(), () -> snapshot(db, options),
                new ScheduledJob.AlertRule(SNAPSHOT_FAILED, Severity.CRITICAL, "Scheduled snapshot failed",
                        "check the log of 'prodguard run'; run 'prodguard backup' by hand to see the error"),
                alerts, clock, db);
        this.restoreTestJob = new ScheduledJob("restore test", schedules.restoreTest(), () -> restoreTest(options),
                new ScheduledJob.AlertRule(RESTORE_TEST_FAILED, Severity.CRITICAL, "Restore test failed",
                        "run 'prodguard verify --restore' to see what does not match"),
                alerts, clock, db);
        scheduled.add(snapshotJob);
        scheduled.add(restoreTestJob);
        scheduled.add(new ScheduledJob("monitoring round", Schedule.every(monitorSettings.interval()),
                () -> monitor.sampleOnce().size() + " sample(s)", null, alerts, clock, db));
        scheduled.add(new ScheduledJob("alert housekeeping", Schedule.every(ALERT_TICK),
                () -> alerts.tick().size() + " notice(s)", null, alerts, clock, db));
        retention.warnings().forEach(LOG::warn);
        scheduled.add(RetentionJob.scheduled(schedules.prune(), RetentionJob.of(repo, retention, clock,
                options.lockStaleAfter(), repositoryWork), alerts, clock, db));
        if (repo.storage() instanceof dev.prodguard.repo.MirroredStorage mirrored) { // catch up what the mirror missed
            scheduled.add(new ScheduledJob("mirror sync", Schedule.every(MIRROR_SYNC_EVERY),
                    () -> mirrored.resync() + " key(s) copied to or removed from the mirror", null, alerts, clock, db));
        }
        ReportJob reports = new ReportJob(settings, samples, repo, client, clock);
        scheduled.add(new ScheduledJob("reports", schedules.report(), reports::run, null, alerts, clock, db));
        scheduled.add(new TransferBudgetRule(repo, alerts, clock, settings.longValue(ConfigKey.TRANSFER_BUDGET_MB), db)
                .scheduled());
        scheduled.add(new GuardianRules(new StatusService(repo, settings.path(ConfigKey.STATE_DIR)), db, schedules.snapshot(), rules, alerts, clock)
                .leavingStoppedCaptureTo(tasks.stream().anyMatch(t -> t.name().equals("capture")))
                .scheduled(monitorSettings.interval()));
    }

    /**
     * Opens the repository (creating it when there is none), the database client, alerts, the
     * monitoring history, and starts every task; when the repository holds no snapshot, the first one
     * is taken at once: by a task that takes it itself (capture), else by the snapshot job. {@code ticker} (null: the caller calls {@link #tick()}) runs {@link #tick()} every
     * second; jobs run on {@code jobs}.
     *
     * @throws ProdguardException CONFIG for a bad schedule/monitor section, REPOSITORY/KEY for the repository
     */
    public static Guardian start(Settings settings, Clock clock, ScheduledExecutorService ticker, Executor jobs,
            List<GuardianTask> tasks) {
        Guardian g = new Guardian(settings, clock, jobs, tasks);
        try {
            g.lastSnapshot = g.latestSnapshot();
            for (GuardianTask t : g.tasks) {
                t.start(g);
                LOG.info("guardian: {} started", t.name());
            }
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        LOG.info("guardian started for database {} (repository {}): snapshots '{}', restore tests '{}'",
                settings.dbName(), g.repo.location(), g.snapshotJob.status().schedule(), g.restoreTestJob.status().schedule());
        if (g.lastSnapshot == null) {
            g.firstSnapshotPending = true;
            if (g.tasks.stream().anyMatch(GuardianTask::takesFirstSnapshot)) {
                LOG.info("guardian: the repository holds no snapshot of {} yet; capture takes the first one now",
                        settings.dbName());
            }
        }
        g.tick();
        if (ticker != null) {
            g.ticking = ticker.scheduleWithFixedDelay(g::tickSafely, 1, 1, TimeUnit.SECONDS);
        }
        return g;
    }

    /** A pool for the jobs: one thread per job at most (jobs never overlap themselves). */
    public static ExecutorService jobPool() {
        return Executors.newCachedThreadPool(daemon("guardian-job"));
    }

    /** Submits every job that is due now; returns how many were submitted. */
    public int tick() {
        if (closed.get()) {
            return 0;
        }
        Instant now = clock.instant();
        storageWatch.evaluate();
        if (!now.isBefore(lastRefresh.plus(repo.storage().pollEvery().multipliedBy(12)))) { // a LIST: once a minute on S3
            lastRefresh = now;
            refreshLastSnapshot();
        }
        int n = 0;
        for (ScheduledJob j : scheduled) {
            if (j.submitIfDue(now, jobs)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Notices snapshots taken by tasks (capture's first one, or its fresh one after lost history); takes the
     * first snapshot itself when none exists and no task is taking it (no capture, or capture failing).
     */
    private void refreshLastSnapshot() {
        List<String> ids = new SnapshotCatalog(repo).ids();
        String newest = ids.isEmpty() ? null : ids.get(ids.size() - 1);
        if (newest != null && !newest.equals(newestSeen)) {
            newestSeen = newest;
            SnapshotManifest latest = latestSnapshot();
            if (latest != null) {
                lastSnapshot = latest;
            }
        }
        if (firstSnapshotPending) {
            if (lastSnapshot != null) {
                firstSnapshotPending = false;
            } else if (tasks.stream().noneMatch(GuardianTask::takesFirstSnapshot)) {
                firstSnapshotPending = false;
                LOG.info("guardian: the repository holds no snapshot of {} yet; taking the first one now", settings.dbName());
                snapshotJob.dueNow();
            }
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // never let one bad tick cancel the schedule
            LOG.warn("guardian tick failed: {}", Secrets.scrub(String.valueOf(e.getMessage())));
        }
    }

    private String snapshot(String db, SnapshotOptions options) {
        SnapshotResult r;
        repositoryWork.lock();
        try {
            r = dev.prodguard.capture.AnchoredSnapshot.take(new SnapshotService(client, repo, options, clock), repo, db, null);
        } finally {
            repositoryWork.unlock();
        }
        lastSnapshot = new SnapshotCatalog(repo).load(r.id());
        return String.format(Locale.ROOT, "snapshot %s of %s: %d collection(s), %d document(s), %s", r.id(), db,
                r.collections(), r.documents(), Durations.millis(r.durationMillis()));
    }

    private String restoreTest(SnapshotOptions options) {
        List<Invariant> invariants = Invariant.parse(settings.section("invariants"));
        RestoreTestReport t = new RestoreTester(client, repo, RestoreOptions.from(options), clock).run(settings.dbName(), "latest", invariants);
        long bad = t.collections().stream().filter(c -> !c.ok()).count();
        long badInvariants = t.invariants().stream().filter(i -> !i.ok()).count();
        String line = String.format(Locale.ROOT, "restore test of snapshot %s: %d collection(s) compared, %d mismatched,"
                + " %d invariant(s) failing", t.snapshotId(), t.collections().size(), bad, badInvariants);
        if (t.nothingToTest()) {
            throw new ProdguardException(dev.prodguard.error.ErrorCode.CHECK_FAILED, "restore test of snapshot "
                    + t.snapshotId() + ": nothing to test: the newest snapshot of " + settings.dbName() + " holds no"
                    + " collection (is DB_NAME empty or mistyped?)");
        }
        if (!t.ok()) {
            throw new ProdguardException(dev.prodguard.error.ErrorCode.CHECK_FAILED, line
                    + "; run 'prodguard verify --restore' for the details");
        }
        return line;
    }

    private SnapshotManifest latestSnapshot() {
        return new SnapshotCatalog(repo).latest(settings.dbName());
    }

    /** Makes the snapshot job due at the next tick (e.g. the history has a hole, and only a new snapshot starts a new window). */
    public void snapshotSoon(String why) {
        LOG.info("guardian: taking a snapshot of {} now: {}", settings.dbName(), why);
        snapshotJob.dueNow();
    }

    /** What /health reports, as of now. */
    public GuardianHealth health() {
        List<GuardianHealth.TaskState> states = tasks.stream()
                .map(t -> new GuardianHealth.TaskState(t.name(), t.state(), t.healthy())).toList();
        HealthVerdict.Facts facts = new HealthVerdict.Facts(clock.instant(), startedAt, lastSnapshot, snapshotJob.status(),
                restoreTestJob.status(), states, monitor.status(), alerting.manager().active(), database.state());
        return GuardianHealth.of(facts, healthPolicy, jobs(), tasks);
    }

    /** Every scheduled job's record. */
    public List<JobStatus> jobs() {
        return scheduled.stream().map(ScheduledJob::status).toList();
    }

    /** The snapshot job's record. */
    public JobStatus snapshotStatus() {
        return snapshotJob.status();
    }

    /** The restore-test job's record. */
    public JobStatus restoreTestStatus() {
        return restoreTestJob.status();
    }

    /** The alert manager the jobs and monitoring raise through. */
    public AlertManager alerts() {
        return alerting.manager();
    }

    /** The monitor (sampler status for /health and /metrics). */
    public Monitor monitor() {
        return monitor;
    }

    /** The monitoring history (for the JSON API's series). */
    public SampleStore samples() {
        return samples;
    }

    /** The database client the jobs and tasks use. */
    public MongoClient client() {
        return client;
    }

    /** The repository the snapshots go to. */
    public Repository repository() {
        return repo;
    }

    /** The configuration the guardian was started with. */
    public Settings settings() {
        return settings;
    }

    /** The clock everything runs on. */
    public Clock clock() {
        return clock;
    }

    /**
     * Stops cleanly: no new runs, running jobs may finish and commit (up to {@link #STOP_WAIT}),
     * tasks stop, then the stores and the client close. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("guardian stopping: no new runs; waiting for running jobs to commit");
        if (ticking != null) {
            ticking.cancel(false);
        }
        if (jobs instanceof ExecutorService pool) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("guardian: a job still runs after {} s; interrupting it (its snapshot is not committed"
                            + " and leaves only ignorable debris)", STOP_WAIT.toSeconds());
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (int i = tasks.size() - 1; i >= 0; i--) {
            GuardianTask t = tasks.get(i);
            try {
                t.stop();
            } catch (RuntimeException e) {
                LOG.warn("guardian: {} did not stop cleanly: {}", t.name(), Secrets.scrub(String.valueOf(e.getMessage())));
            }
        }
        database.close();
        monitor.close();
        deliveries.shutdown();
        closeAll(List.of(samples, alerting, repo, client));
        LOG.info("guardian stopped cleanly");
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable c : parts) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("guardian: closing {} failed: {}", c.getClass().getSimpleName(),
                        Secrets.scrub(String.valueOf(e.getMessage())));
            }
        }
    }

    /** Daemon threads named {@code name}. */
    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
