package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The production capture of one database running on a thread of the benchmark until closed. */
final class BackgroundCapture implements AutoCloseable {
    private final Repository repo;
    private final String db;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;

    /** Starts capturing {@code db} into {@code repo}. */
    BackgroundCapture(MongoClient client, Repository repo, String db, CaptureService.Timing timing, SnapshotOptions snapshot) {
        this.repo = repo;
        this.db = db;
        CaptureService service = new CaptureService(client, repo, db, timing, snapshot, Clock.systemUTC(),
                CaptureService.Pause.SLEEP);
        thread = new Thread(() -> {
            try {
                service.run(stop::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "bench-capture-" + db);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until capture has anchored a snapshot, so everything written from now on is replayable. */
    void awaitSnapshot() throws InterruptedException {
        await(() -> CaptureHistory.load(repo, db).currentRunHasSnapshot(), "capture of " + db + " took no snapshot within 60 s");
    }

    /** Waits until capture has committed everything up to {@code t}. */
    void awaitCovered(Instant t) throws InterruptedException {
        await(() -> {
            CaptureTimeline.Run r = CaptureHistory.load(repo, db).currentRun();
            return r != null && !r.coveredUntil().isBefore(t);
        }, "capture of " + db + " did not cover " + t + " within 60 s");
    }

    /** Waits for {@code condition}; fails at once with capture's own error if capture stopped with one. */
    void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Waits.until(Duration.ofSeconds(60), () -> {
            RuntimeException e = failure.get();
            if (e != null) {
                throw new IllegalStateException("capture of " + db + " failed: " + e.getMessage(), e);
            }
            return condition.getAsBoolean();
        }, what);
    }

    /** Stops capture (it commits what it holds) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(30_000);
    }
}
