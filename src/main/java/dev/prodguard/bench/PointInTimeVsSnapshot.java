package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Point-in-time restore time versus a snapshot-only restore of the same data: capture follows an
 * empty database while the exchange dataset is written into it, so a point-in-time restore to the
 * end is the (empty) capture snapshot plus every document replayed from change segments; then a
 * full snapshot of the same database is restored. Both restores (planning included) run once
 * untimed and are checked to restore the same documents, {@value #WARMUPS} more times untimed (the JIT: the
 * harness's earlier passes ran only snapshot-only restores), then in A-B-B-A order per pass.
 */
final class PointInTimeVsSnapshot {
    /** Documents restored; per-pass medians in ms; the median ratio of point-in-time over snapshot-only time. */
    record Result(long documents, double pointInTimeMillis, double snapshotMillis, double ratio, List<Double> ratios) {}

    /** Untimed restores of each kind after the checked one, so that both code paths are equally warm. */
    private static final int WARMUPS = 2;

    private final MongoClient client;
    private final Repository repo;
    private final SnapshotOptions snapshotOptions;
    private final RestoreOptions restoreOptions;
    private final Consumer<String> log;
    private int targets;

    PointInTimeVsSnapshot(MongoClient client, Repository repo, SnapshotOptions snapshotOptions, RestoreOptions restoreOptions,
            Consumer<String> log) {
        this.client = client;
        this.repo = repo;
        this.snapshotOptions = snapshotOptions;
        this.restoreOptions = restoreOptions;
        this.log = log;
    }

    /** Captures the dataset being written into {@code db}, then measures {@code passes} passes. */
    Result measure(String db, long seed, int users, int passes) throws InterruptedException {
        Instant to = captureDataset(db, seed, users);
        String full = new SnapshotService(client, repo, snapshotOptions, Clock.systemUTC()).take(db, ProgressListener.NONE).id();
        Map<String, Long> source = counts(client.getDatabase(db));
        long documents = source.values().stream().mapToLong(Long::longValue).sum();
        String pit = pointInTime(db, to);
        String snap = snapshot(full);
        if (!counts(client.getDatabase(pit)).equals(source) || !counts(client.getDatabase(snap)).equals(source)) {
            throw new IllegalStateException("point-in-time and snapshot restores of " + db + " differ from the source: "
                    + source + " vs " + counts(client.getDatabase(pit)) + " and " + counts(client.getDatabase(snap)));
        }
        drop(pit, snap);
        // the large dataset's passes ran snapshot-only restores many times, replay only once so far: warm it as well
        for (int i = 0; i < WARMUPS; i++) {
            drop(pointInTime(db, to), snapshot(full));
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> pitMs = new ArrayList<>();
        List<Double> snapMs = new ArrayList<>();
        for (int i = 0; i < passes; i++) {
            double a = timed(() -> pointInTime(db, to));
            double b = timed(() -> snapshot(full)) + timed(() -> snapshot(full));
            a += timed(() -> pointInTime(db, to));
            pitMs.add(a / 2);
            snapMs.add(b / 2);
            ratios.add(a / b);
        }
        client.getDatabase(db).drop();
        return new Result(documents, median(pitMs), median(snapMs), median(ratios), ratios);
    }

    /** Runs capture while the dataset is written; returns an instant after the last write that capture covers. */
    private Instant captureDataset(String db, long seed, int users) throws InterruptedException {
        try (BackgroundCapture capture = new BackgroundCapture(client, repo, db, CaptureService.Timing.defaults(), snapshotOptions)) {
            capture.awaitSnapshot();
            new ExchangeDataset(seed, users).writeTo(client.getDatabase(db));
            Thread.sleep(5); // the restore instant must lie after the last write's wall time (millisecond clock)
            Instant to = Instant.now();
            capture.awaitCovered(to);
            return to;
        }
    }

    private String pointInTime(String db, Instant to) {
        String target = "bench_pitr_restore_" + (++targets);
        PointInTimePlanner.PointInTimePlan plan = PointInTimePlanner.plan(repo, db, new RestorePoint(to, false, to.toString()),
                RestoreRequest.defaults().withTargetDb(target), Clock.systemUTC());
        new RestoreExecutor(client, repo, restoreOptions, Clock.systemUTC()).execute(plan.plan());
        return target;
    }

    private String snapshot(String id) {
        String target = "bench_snap_restore_" + (++targets);
        new RestoreExecutor(client, repo, restoreOptions, Clock.systemUTC())
                .execute(RestorePlanner.forSnapshot(repo, id, RestoreRequest.defaults().withTargetDb(target)));
        return target;
    }

    /** Milliseconds the restore took (after a full GC); its target is dropped afterwards, untimed. */
    private double timed(java.util.function.Supplier<String> restore) {
        HeapSampler.fullGc();
        long t0 = System.nanoTime();
        String target = restore.get();
        double ms = (System.nanoTime() - t0) / 1e6;
        drop(target);
        return ms;
    }

    private void drop(String... dbs) {
        for (String d : dbs) {
            client.getDatabase(d).drop();
        }
    }

    /** Documents per dataset collection (the capture heartbeat is not data). */
    private static Map<String, Long> counts(MongoDatabase db) {
        Map<String, Long> out = new TreeMap<>();
        for (String c : ExchangeDataset.COLLECTIONS) {
            long n = db.getCollection(c).countDocuments();
            if (n > 0) {
                out.put(c, n);
            }
        }
        return out;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return BenchReport.median(v);
    }
}
