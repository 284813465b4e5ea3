package dev.prodguard.guardian;

import dev.prodguard.alert.RestoreCommands;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change capture as a guardian task: runs {@link CaptureService} on its own thread (which takes the
 * first snapshot itself when none is anchored, and a fresh one after lost history), restarts it with
 * backoff when it fails, and every {@link #WATCH_EVERY} follows the committed segments for wipes
 * ({@link WipeWatch}) and checks that capture keeps running ({@link CaptureWatch}).
 */
public final class CaptureTask implements GuardianTask {
    /** How often committed segments are read for wipes and capture's state is checked. */
    static final Duration WATCH_EVERY = Duration.ofMillis(200);
    /** Wait before restarting capture after it failed, doubling up to {@link #MAX_RESTART_WAIT}. */
    static final Duration FIRST_RESTART_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(CaptureTask.class);

    private final Settings settings;
    private final CaptureTaskSettings config;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Guardian guardian;
    private Repository repo;
    private String db;
    private Clock clock;
    private Thread runner;
    private ScheduledExecutorService watcher;
    private WipeWatch wipes;
    private CaptureWatch captureWatch;
    private Instant startedAt;
    private volatile boolean failing;
    private volatile String unsupported;
    private volatile String lastError;
    private volatile CaptureState record;
    private volatile boolean running;
    private volatile Long lastLagMillis;
    private CaptureService.SourceOpener opener;

    private CaptureTask(Settings settings, CaptureTaskSettings config) {
        this.settings = settings;
        this.config = config;
    }

    /** A capture task for {@code settings}' database. */
    public static CaptureTask from(Settings settings) {
        return new CaptureTask(settings, CaptureTaskSettings.from(settings));
    }

    /** Replaces how capture opens its change source (tests: force lost history). */
    CaptureTask opener(CaptureService.SourceOpener o) {
        this.opener = o;
        return this;
    }

    @Override
    public String name() {
        return "capture";
    }

    @Override
    public void start() {
        throw new IllegalStateException("the capture task needs the guardian: start it with start(Guardian)");
    }

    @Override
    public void start(Guardian g) {
        this.guardian = g;
        this.repo = g.repository();
        this.db = settings.dbName();
        this.clock = g.clock();
        this.startedAt = clock.instant();
        // a burst of drops ends when no further drop arrives within one commit interval and two polls
        Duration quiet = config.timing().commitInterval().plus(WATCH_EVERY.multipliedBy(2));
        WipeDetector detector = new WipeDetector(db, config.ignored(), config.massDelete(), config.wipeWindow(), clock,
                quiet.compareTo(Duration.ofMillis(300)) < 0 ? Duration.ofMillis(300) : quiet);
        dev.prodguard.config.MongoTarget target = settings.mongo();
        // the commands alerts print name every setting they need except secrets: MONGO_URL only when it holds none
        RestoreCommands.Env env = new RestoreCommands.Env(db, repo.location(),
                target.redacted().equals(target.rawUri()) && !target.hasPassword() ? target.rawUri() : null);
        // the history both watches read when a wipe or a gap needs the timeline: each manifest once per guardian
        dev.prodguard.capture.SegmentMemo history = new dev.prodguard.capture.SegmentMemo();
        this.wipes = new WipeWatch(repo, db, detector, g.alerts(), clock, config.wipeWindow(), env, history);
        this.captureWatch = new CaptureWatch(repo, db, g.alerts(), clock, config.alertAfter(), env, history);
        wipes.poll(); // start following from the segments committed so far
        runner = new Thread(this::runCapture, "guardian-capture-" + db);
        runner.setDaemon(true);
        runner.start();
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guardian-capture-watch");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(WATCH_EVERY.toMillis(), repo.storage().pollEvery().toMillis()); // object storage bills polls
        watcher.scheduleWithFixedDelay(this::watch, WATCH_EVERY.toMillis(), every, TimeUnit.MILLISECONDS);
        LOG.info("guardian: wipe detection on {}: drops and dropDatabase, and more than {} deletes from one collection"
                + " within {} s{}", db, config.massDelete(), config.wipeWindow().toSeconds(),
                config.ignored().isEmpty() ? "" : " (not guarded: " + String.join(", ", config.ignored()) + ")");
    }

    private void runCapture() {
        Duration wait = FIRST_RESTART_WAIT;
        while (stopping.getCount() > 0) {
            try {
                running = true;
                CaptureService service = new CaptureService(guardian.client(), repo, db, config.timing(),
                        SnapshotOptions.from(settings), clock, d -> stopping.await(d.toMillis(), TimeUnit.MILLISECONDS))
                        .log(line -> LOG.info("capture: {}", Secrets.scrub(line)));
                if (opener != null) {
                    service.opener(opener);
                }
                CaptureService.Summary s = service.run(() -> stopping.getCount() == 0);
                LOG.info("capture of {} stopped: {} change(s) in {} segment(s), {} reconnect(s)", db, s.events(), s.segments(),
                        s.reconnects());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                running = false;
                if (e instanceof ProdguardException pe && pe.code() == dev.prodguard.error.ErrorCode.NOT_SUPPORTED
                        && !(e instanceof dev.prodguard.capture.HistoryLostException)) {
                    // e.g. Atlas Flex: no change stream at all; retrying cannot help, scheduled snapshots protect alone
                    unsupported = Secrets.scrub(pe.getMessage());
                    LOG.warn("capture of {} is not possible on this server: {}; the guardian protects it with scheduled"
                            + " snapshots only", db, unsupported);
                    return;
                }
                failing = true;
                lastError = Secrets.scrub(ConnectionProblem.describe(e));
                LOG.debug("capture of {} failed", db, e); // the driver's own text, for --verbose
                LOG.warn("capture of {} failed: {}; trying again in {} s", db, lastError, wait.toSeconds());
            }
            try {
                if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RESTART_WAIT) > 0 ? MAX_RESTART_WAIT : wait.multipliedBy(2);
            failing = false;
        }
    }

    private void watch() {
        try {
            record = CaptureState.read(repo, db);
            if (unsupported != null) {
                captureWatch.unsupported(unsupported);
                return;
            }
            wipes.poll();
            for (String hole : wipes.holes()) {
                captureWatch.hole(hole);
                guardian.snapshotSoon("the captured history of " + db + " has a hole");
            }
            captureWatch.evaluate(capturing(), problem(), record);
        } catch (RuntimeException e) {
            LOG.warn("guardian: watching capture of {} failed: {}", db, Secrets.scrub(String.valueOf(e.getMessage())));
        }
    }

    /** Capture runs and its status record, written by this run, says "running". */
    private boolean capturing() {
        CaptureState r = record;
        return running && !failing && r != null && "running".equals(r.state()) && r.updatedAt() != null
                && !r.updatedAt().isBefore(startedAt.minusSeconds(1));
    }

    private String problem() {
        if (failing) {
            return "capture failed: " + lastError;
        }
        CaptureState r = record;
        if (r == null || r.updatedAt() == null || r.updatedAt().isBefore(startedAt.minusSeconds(1))) {
            return "capture has not reached the database yet";
        }
        return r.state() + (r.note() == null ? "" : ": " + r.note());
    }

    @Override
    public boolean takesFirstSnapshot() {
        return !failing && unsupported == null;
    }

    @Override
    public String state() {
        if (unsupported != null) {
            return "not possible on this server (" + unsupported + "); scheduled snapshots only";
        }
        if (failing) {
            return "failing: " + lastError;
        }
        CaptureState r = record;
        if (!capturing()) {
            return problem();
        }
        StringBuilder b = new StringBuilder("running (" + r.path() + ")");
        Map<String, Object> d = details();
        if (d.get("lastCommitAt") != null) {
            b.append("; last commit ").append(Instants.humanIso(String.valueOf(d.get("lastCommitAt"))));
        }
        if (d.get("lagMillis") != null) {
            b.append(", lag ").append(Durations.millis(((Number) d.get("lagMillis")).longValue()));
        }
        return b.toString();
    }

    /** Path, last commit (the newer of the status record and the newest segment read), lag, error. */
    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        CaptureState r = record;
        SegmentManifest seg = wipes == null ? null : wipes.lastSegment();
        Instant commitAt = r == null ? null : r.lastCommitAt();
        Long seq = r == null ? null : r.lastSeq();
        Long lag = r == null ? null : r.lagMillis();
        if (seg != null && seg.committedAt() != null && (commitAt == null || seg.committedAt().isAfter(commitAt))) {
            commitAt = seg.committedAt();
            seq = seg.seq();
            if (seg.lastWallTime() != null) {
                lag = Math.max(0, Duration.between(seg.lastWallTime(), seg.committedAt()).toMillis());
            }
        }
        if (lag != null) {
            lastLagMillis = lag;
        } else {
            lag = lastLagMillis; // a segment that only advanced the position measures no lag: keep the last one
        }
        d.put("running", capturing());
        d.put("path", r == null ? null : r.path());
        d.put("lastCommitAt", Instants.json(commitAt));
        d.put("lastSeq", seq);
        d.put("lagMillis", lag);
        d.put("error", failing ? lastError : null);
        return d;
    }

    @Override
    public boolean healthy() {
        return capturing();
    }

    @Override
    public void stop() {
        stopping.countDown();
        if (watcher != null) {
            watcher.shutdown();
        }
        if (runner != null) {
            try {
                runner.join(Duration.ofSeconds(20).toMillis());
                if (runner.isAlive()) {
                    LOG.warn("guardian: capture of {} did not stop within 20 s; interrupting it", db);
                    runner.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (watcher != null) {
            try {
                watcher.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
