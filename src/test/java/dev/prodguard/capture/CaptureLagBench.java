package dev.prodguard.capture;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: capture lag (segment committed minus the event's wall time) under sustained
 * writes on the embedded server, 1 s commit interval. Run:
 * {@code mvn -o -B test -Dtest=CaptureLagBench -Dsurefire.excludedGroups= -Dsurefire.groups=bench}
 */
@Tag("bench")
class CaptureLagBench {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void lagUnderSustainedWrites() throws Exception {
        for (Duration interval : new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(500)}) {
            for (int rate : new int[] {50, 200, 800}) {
                measure(rate, Duration.ofSeconds(8), interval);
            }
        }
    }

    private void measure(int perSecond, Duration length, Duration interval) throws Exception {
        String dbName = TestMongo.uniqueDb("lag");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve(dbName)), null, new Repository.CreateOptions(3, 1 << 20, 1000));
        CaptureProbe probe = CaptureProbe.standard(mongo.client(), dbName);
        ProbeResult path = probe.probe();
        Clock clock = Clock.systemUTC();
        SegmentWriter writer = SegmentWriter.resume(repo, dbName, path.path().label(), clock, interval);
        CaptureRunner runner = new CaptureRunner(probe.openSource(path, null), writer, new Heartbeat(db, clock, Duration.ofSeconds(1)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread load = new Thread(() -> {
            long start = System.nanoTime();
            long n = 0;
            while (!stop.get()) {
                long due = start + n * 1_000_000_000L / perSecond;
                if (System.nanoTime() >= due) {
                    db.getCollection("orders").insertOne(new Document("_id", n).append("px", n % 97).append("at", new java.util.Date()));
                    n++;
                    written.set(n);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        List<Long> lags = new ArrayList<>();
        Instant end = Instant.now().plus(length);
        load.start();
        while (Instant.now().isBefore(end) || !stop.get()) {
            if (!Instant.now().isBefore(end)) {
                stop.set(true);
                load.join();
            }
            SegmentManifest m = runner.step();
            if (m == null && !stop.get()) {
                Thread.sleep(20);
            }
            if (m != null && m.object() != null) {
                SegmentReader.read(repo, m, e -> lags.add(Duration.between(e.meta().wallTime(), m.committedAt()).toMillis()));
            }
        }
        SegmentManifest last = runner.flush();
        if (last != null && last.object() != null) {
            SegmentReader.read(repo, last, e -> lags.add(Duration.between(e.meta().wallTime(), last.committedAt()).toMillis()));
        }
        Collections.sort(lags);
        System.out.printf("BENCH commit interval %d ms, %d writes/s target (%d written, %d captured, path %s): lag p50 %d ms, p99 %d ms, max %d ms%n",
                interval.toMillis(), perSecond, written.get(), lags.size(), path.path().label(), pct(lags, 50), pct(lags, 99), lags.isEmpty() ? -1 : lags.get(lags.size() - 1));
        writer.close();
        repo.close();
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
