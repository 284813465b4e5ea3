package dev.prodguard.demo;

import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.Clients;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.guardian.GuardianTask;
import dev.prodguard.pitr.CaptureHistory;
import dev.prodguard.pitr.CaptureService;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.snapshot.SnapshotOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * SEAM (issue #6): continuous capture as a {@link GuardianTask}, so the demo's guardian captures.
 * The guardian's own capture task is being built on branch guardian2; when it lands, the demo passes
 * that task to {@code Guardian.start} instead and this class goes. It runs {@link CaptureService} on
 * its own thread, and {@link #start()} waits until capture has committed its first anchored snapshot
 * (bounded), because the guardian's first snapshot would otherwise race capture's for the repository
 * lock.
 */
public final class DemoCapture implements GuardianTask {
    private static final Duration FIRST_SNAPSHOT_WAIT = Duration.ofSeconds(90);

    private final Settings settings;
    private final Clock clock;
    private final Consumer<String> log;
    private volatile boolean stop;
    private volatile String state = "starting";
    private volatile RuntimeException failure;
    private Thread thread;
    private MongoClient client;
    private Repository repo;

    public DemoCapture(Settings settings, Clock clock, Consumer<String> log) {
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public String name() {
        return "capture";
    }

    @Override
    public void start() {
        String db = settings.dbName();
        repo = RepositoryFactory.open(settings);
        client = Clients.create(settings.mongo(), settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS));
        CaptureService.Timing timing = CaptureService.Timing.defaults()
                .withCommitInterval(Duration.ofMillis(settings.intValue(ConfigKey.CAPTURE_COMMIT_INTERVAL)))
                .withHeartbeatInterval(Duration.ofMillis(settings.intValue(ConfigKey.CAPTURE_HEARTBEAT_INTERVAL)));
        CaptureService service = new CaptureService(client, repo, db, timing, SnapshotOptions.from(settings), clock,
                d -> Thread.sleep(d.toMillis())).log(line -> log.accept("capture: " + line));
        thread = new Thread(() -> {
            try {
                state = "running";
                service.run(() -> stop);
                state = "stopped";
            } catch (InterruptedException e) {
                state = "stopped";
            } catch (RuntimeException e) {
                failure = e;
                state = "stopped: " + Secrets.scrub(String.valueOf(e.getMessage()));
                log.accept("capture: stopped: " + Secrets.scrub(String.valueOf(e.getMessage())));
            }
        }, "demo-capture");
        thread.setDaemon(true);
        thread.start();
        awaitFirstSnapshot(db);
    }

    private void awaitFirstSnapshot(String db) {
        Instant deadline = Instant.now().plus(FIRST_SNAPSHOT_WAIT);
        while (!CaptureHistory.load(repo, db).currentRunHasSnapshot()) {
            if (failure != null) {
                stop();
                throw failure;
            }
            if (Instant.now().isAfter(deadline)) {
                stop();
                throw new ProdguardException(ErrorCode.INTERNAL, "capture took no first snapshot of " + db + " within "
                        + FIRST_SNAPSHOT_WAIT.toSeconds() + " s; run 'prodguard capture' to see why");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while capture took its first snapshot");
            }
        }
    }

    @Override
    public String state() {
        return state;
    }

    @Override
    public boolean healthy() {
        return failure == null && thread != null && thread.isAlive();
    }

    @Override
    public void stop() {
        stop = true;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client != null) {
            client.close();
        }
        if (repo != null) {
            repo.close();
        }
    }
}
