package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * Capture lag under sustained writes: capture (the production {@link CaptureService}, default
 * timing) follows a fresh database while one writer inserts at a paced rate, or as fast as it can;
 * once everything written is committed, each captured insert's lag is its segment's commit time
 * minus the event's time on the server (its wall time, millisecond precision; its cluster time's
 * second when the server reports no wall time).
 */
final class CaptureLag {
    /** Rate 0: the writer does not pace itself (the highest rate the server sustains for one writer). */
    static final int UNPACED = 0;

    /** One measured rate: target and achieved writes/s, documents written and captured, lag percentiles (ms). */
    record RateRun(int targetPerSecond, double achievedPerSecond, long written, long captured, long p50, long p99,
            long max, long fromClusterTime) {}

    private final MongoClient client;
    private final Repository repo;
    private final CaptureService.Timing timing;
    private final SnapshotOptions snapshotOptions;
    private final Consumer<String> log;

    CaptureLag(MongoClient client, Repository repo, CaptureService.Timing timing, SnapshotOptions snapshotOptions,
            Consumer<String> log) {
        this.client = client;
        this.repo = repo;
        this.timing = timing;
        this.snapshotOptions = snapshotOptions;
        this.log = log;
    }

    /** Measures one rate for {@code length} of writing on database {@code db} (created fresh, dropped after). */
    RateRun measure(String db, int perSecond, Duration length) throws InterruptedException {
        long written;
        double achieved;
        try (BackgroundCapture capture = new BackgroundCapture(client, repo, db, timing, snapshotOptions)) {
            capture.awaitSnapshot();
            long t0 = System.nanoTime();
            written = write(client.getDatabase(db).getCollection("orders"), perSecond, length);
            achieved = written / ((System.nanoTime() - t0) / 1e9);
            capture.await(() -> committedEvents(db) >= written,
                    "capture of " + db + " did not commit all " + written + " writes within 60 s");
        }
        List<Long> lags = new ArrayList<>();
        long fromClusterTime = lags(db, lags);
        client.getDatabase(db).drop();
        lags.sort(null);
        log.accept(String.format(java.util.Locale.ROOT, "bench:   capture at %s: %.0f writes/s achieved, lag p50 %d ms, p99 %d ms",
                perSecond == UNPACED ? "full speed" : perSecond + " writes/s", achieved, pct(lags, 50), pct(lags, 99)));
        return new RateRun(perSecond, achieved, written, lags.size(), pct(lags, 50), pct(lags, 99),
                lags.isEmpty() ? -1 : lags.get(lags.size() - 1), fromClusterTime);
    }

    /** Inserts one document at a time, paced to {@code perSecond} (or unpaced), for {@code length}; returns the count. */
    private static long write(MongoCollection<Document> orders, int perSecond, Duration length) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long n = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return n;
            }
            long due = perSecond == UNPACED ? now : start + n * 1_000_000_000L / perSecond;
            if (now >= due) {
                orders.insertOne(new Document("_id", n).append("sku", "sku-" + (n % 977)).append("qty", (int) (n % 13))
                        .append("at", new java.util.Date()));
                n++;
            } else {
                LockSupport.parkNanos(due - now); // no spinning: capture needs the cores
            }
        }
    }

    private long committedEvents(String db) {
        long n = 0;
        for (SegmentManifest m : SegmentReader.list(repo, db)) {
            n += m.events();
        }
        return n;
    }

    /** Adds each captured insert's lag (ms) to {@code out}; returns how many were timed by cluster time. */
    private long lags(String db, List<Long> out) {
        AtomicLong fromClusterTime = new AtomicLong();
        for (SegmentManifest m : SegmentReader.list(repo, db)) {
            if (m.object() == null) {
                continue;
            }
            SegmentReader.read(repo, m, e -> {
                if (e instanceof ChangeEvent.Insert && e.meta().ns() != null && "orders".equals(e.meta().ns().coll())) {
                    Instant at = e.meta().wallTime();
                    if (at == null) {
                        at = Instant.ofEpochSecond(e.meta().clusterTime().getTime());
                        fromClusterTime.incrementAndGet();
                    }
                    out.add(Duration.between(at, m.committedAt()).toMillis());
                }
            });
        }
        return fromClusterTime.get();
    }

    /** The p-th percentile (nearest rank) of sorted values; -1 when empty. */
    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
