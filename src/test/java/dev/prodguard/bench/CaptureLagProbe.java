package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.capture.ChangeBatch;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.ChangeSource;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.testing.ForwardingStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: the bench's full-speed capture case alone, with the lag split into its parts
 * (event on the server to receipt by capture, receipt to segment commit, the durable manifest write).
 * {@code -Dprobe.history=N} first writes N inserts into another database (the bench runs full speed
 * after about 26,000 writes at lower rates on the same server); {@code -Dprobe.seconds=S} (10);
 * {@code -Dprobe.rate=R} paces the writer to R writes/s (0, the default: as fast as it can).
 * Run: {@code mvn -o -B test -Dsurefire.groups=bench -Dsurefire.excludedGroups= -Dtest=CaptureLagProbe}
 */
@Tag("bench")
class CaptureLagProbe {
    @TempDir
    Path dir;

    @Test
    void fullSpeed() throws Exception {
        int history = Integer.getInteger("probe.history", 26_000);
        int seconds = Integer.getInteger("probe.seconds", 10);
        try (EmbeddedMongo server = EmbeddedMongo.startInMemory(); MongoClient client = MongoClients.create(server.uri())) {
            MongoCollection<Document> old = client.getDatabase("probe_history").getCollection("orders");
            for (int i = 0; i < history; i++) {
                old.insertOne(new Document("_id", i).append("sku", "sku-" + (i % 977)));
            }
            if (Boolean.getBoolean("probe.raw")) {
                rawDrain(client, seconds);
                return;
            }
            TimedStorage storage = new TimedStorage(new FileStorage(dir.resolve("repo")));
            try (Repository repo = Repository.openOrCreate(storage, null)) {
                run(client, repo, storage, seconds);
            }
        }
    }

    private void run(MongoClient client, Repository repo, TimedStorage storage, int seconds) throws Exception {
        String db = "probe_lag";
        Map<BsonTimestamp, Instant> received = new ConcurrentHashMap<>();
        List<Long> pollMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        CaptureService service = new CaptureService(client, repo, db, CaptureService.Timing.defaults(),
                SnapshotOptions.defaults(), Clock.systemUTC(), CaptureService.Pause.SLEEP)
                .opener((probe, result, from) -> new Receipts(probe.openSource(result, from), received, pollMillis,
                        batchSizes));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                service.run(stop::get);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "probe-capture");
        t.start();
        Waits.until(Duration.ofSeconds(60), () -> dev.prodguard.capture.CaptureHistory.load(repo, db).currentRunHasSnapshot(), "snapshot");
        storage.reset();
        MongoCollection<Document> orders = client.getDatabase(db).getCollection("orders");
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        long n = 0;
        int paced = Integer.getInteger("probe.rate", 0); // 0: as fast as one writer can
        while (System.nanoTime() < end) {
            if (paced > 0 && System.nanoTime() < t0 + n * 1_000_000_000L / paced) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000L);
                continue;
            }
            orders.insertOne(new Document("_id", n).append("sku", "sku-" + (n % 977)).append("qty", (int) (n % 13))
                    .append("at", new java.util.Date()));
            n++;
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        long written = n;
        Waits.until(Duration.ofSeconds(60), () -> committed(repo, db) >= written, "all committed");
        stop.set(true);
        t.join(30_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        List<Long> total = new ArrayList<>();
        List<Long> toReceipt = new ArrayList<>();
        List<Long> toCommit = new ArrayList<>();
        List<Long> segEvents = new ArrayList<>();
        java.util.TreeMap<Long, List<Long>> bySecond = new java.util.TreeMap<>();
        for (SegmentManifest m : SegmentReader.list(repo, db)) {
            if (m.object() == null) {
                continue;
            }
            segEvents.add(m.events());
            SegmentReader.read(repo, m, e -> {
                if (e instanceof ChangeEvent.Insert && "orders".equals(e.meta().ns().coll()) && e.meta().wallTime() != null) {
                    Instant wall = e.meta().wallTime();
                    Instant got = received.get(e.meta().clusterTime());
                    total.add(Duration.between(wall, m.committedAt()).toMillis());
                    bySecond.computeIfAbsent(wall.getEpochSecond(), k -> new ArrayList<>()).add(Duration.between(wall, m.committedAt()).toMillis());
                    if (got != null) {
                        toReceipt.add(Duration.between(wall, got).toMillis());
                        toCommit.add(Duration.between(got, m.committedAt()).toMillis());
                    }
                }
            });
        }
        System.out.printf(Locale.ROOT, "PROBE history=%d rate=%.0f w/s written=%d%n", Integer.getInteger("probe.history", 26_000), rate, written);
        System.out.println("PROBE total lag      " + stats(total));
        System.out.println("PROBE event->receipt " + stats(toReceipt));
        bySecond.forEach((sec, l) -> System.out.println("PROBE   second " + (sec - bySecond.firstKey()) + stats(l)));
        System.out.println("PROBE receipt->commit" + stats(toCommit));
        System.out.println("PROBE poll (getMore+normalise) ms " + stats(new ArrayList<>(pollMillis)));
        System.out.println("PROBE batch sizes    " + stats(batchSizes.stream().map(Integer::longValue).collect(java.util.stream.Collectors.toList())));
        System.out.println("PROBE segment events " + stats(segEvents));
        System.out.println("PROBE manifest write (barrier+put) ms " + stats(storage.manifestMillis()));
    }

    /**
     * The floor, without prodguard: one driver change stream on the collection, drained in a loop
     * while one writer inserts as fast as it can; lag = receipt minus the document's insert time.
     */
    private static void rawDrain(MongoClient client, int seconds) throws Exception {
        MongoCollection<Document> orders = client.getDatabase("probe_raw").getCollection("orders");
        orders.insertOne(new Document("_id", -1L).append("at", new java.util.Date()));
        List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        try (com.mongodb.client.MongoChangeStreamCursor<com.mongodb.client.model.changestream.ChangeStreamDocument<Document>> c =
                orders.watch().batchSize(1000).cursor()) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    var e = c.tryNext();
                    if (e != null && e.getFullDocument() != null) {
                        lags.add(System.currentTimeMillis() - e.getFullDocument().getDate("at").getTime());
                    } else if (e == null) {
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // idle poll, as capture's
                    }
                }
            }, "probe-raw");
            reader.start();
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            long n = 0;
            while (System.nanoTime() < end) {
                orders.insertOne(new Document("_id", n).append("sku", "sku-" + (n % 977)).append("qty", (int) (n % 13))
                        .append("at", new java.util.Date()));
                n++;
            }
            long written = n;
            Waits.until(Duration.ofSeconds(60), () -> lags.size() >= written, "raw drain");
            stop.set(true);
            reader.join();
            System.out.printf(Locale.ROOT, "PROBE raw history=%d rate=%.0f w/s written=%d%n", Integer.getInteger("probe.history", 26_000),
                    n / ((System.nanoTime() - t0) / 1e9), n);
            System.out.println("PROBE raw event->receipt " + stats(new ArrayList<>(lags)));
        }
    }

    private static long committed(Repository repo, String db) {
        long n = 0;
        for (SegmentManifest m : SegmentReader.list(repo, db)) {
            n += m.events();
        }
        return n;
    }

    private static String stats(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        if (s.isEmpty()) {
            return "(none)";
        }
        double mean = s.stream().mapToLong(Long::longValue).average().orElse(0);
        return String.format(Locale.ROOT, " n=%d mean=%.0f p50=%d p90=%d p99=%d max=%d", s.size(), mean, CaptureLag.pct(s, 50),
                CaptureLag.pct(s, 90), CaptureLag.pct(s, 99), s.get(s.size() - 1));
    }

    /** The real source, noting when each event arrived and how long each poll took. */
    private record Receipts(ChangeSource inner, Map<BsonTimestamp, Instant> received, List<Long> pollMillis,
            List<Integer> batchSizes) implements ChangeSource {
        @Override
        public void open(dev.prodguard.capture.CapturePosition from) {
            inner.open(from);
        }

        @Override
        public ChangeBatch nextBatch() {
            long t = System.nanoTime();
            ChangeBatch b = inner.nextBatch();
            pollMillis.add((System.nanoTime() - t) / 1_000_000);
            batchSizes.add(b.events().size());
            Instant now = Instant.now();
            for (ChangeEvent e : b.events()) {
                received.put(e.meta().clusterTime(), now);
            }
            return b;
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** The file storage, timing the commit point (durability barrier plus manifest write). */
    private static final class TimedStorage extends ForwardingStorage {
        private final dev.prodguard.repo.Storage inner;
        private final List<Long> manifest = java.util.Collections.synchronizedList(new ArrayList<>());

        TimedStorage(dev.prodguard.repo.Storage inner) {
            super(inner);
            this.inner = inner;
        }

        void reset() {
            manifest.clear();
        }

        List<Long> manifestMillis() {
            return new ArrayList<>(manifest);
        }

        @Override
        public dev.prodguard.repo.Storage forLocks() {
            return inner.forLocks();
        }

        @Override
        public void barrier(Collection<String> keys) throws IOException {
            inner.barrier(keys);
        }

        @Override
        public boolean putIfAbsentAfter(Collection<String> after, String key, byte[] data) throws IOException {
            long t = System.nanoTime();
            try {
                return inner.putIfAbsentAfter(after, key, data);
            } finally {
                if (key.contains("segment")) {
                    manifest.add((System.nanoTime() - t) / 1_000_000);
                }
            }
        }
    }
}
