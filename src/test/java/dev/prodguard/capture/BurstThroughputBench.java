package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture throughput on a burst: the embedded server's insert rate for N documents (insertMany of
 * 1000) without capture, then the rate at which capture commits the same burst (from the first insert
 * to the instant the committed history covers the last one). Run:
 * {@code mvn -o -B test -Pfull -Dtest=BurstThroughputBench -Dsurefire.excludedGroups= -Dburst.n=20000}.
 */
@Tag("bench")
class BurstThroughputBench {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void captureKeepsUpWithABurst() throws Exception {
        int n = Integer.getInteger("burst.n", 20000);
        insert(mongo.client().getDatabase(TestMongo.uniqueDb("warmup")).getCollection("orders"), n); // JIT warm-up
        String plain = TestMongo.uniqueDb("burstplain");
        long insertNanos = insert(mongo.client().getDatabase(plain).getCollection("orders"), n);
        double insertRate = n / (insertNanos / 1e9);

        String dbName = TestMongo.uniqueDb("burst");
        mongo.client().getDatabase(dbName).createCollection("orders");
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(1, 1 << 20, 1000));
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            long start = System.nanoTime();
            long burstNanos = insert(mongo.client().getDatabase(dbName).getCollection("orders"), n);
            Instant last = Instant.now();
            capture.awaitCovered(last, Duration.ofSeconds(300));
            long capturedNanos = System.nanoTime() - start;
            capture.stop();
            double captureRate = n / (capturedNanos / 1e9);
            System.out.printf("BURST n=%d insertRate(no capture)=%.0f/s insertRate(with capture)=%.0f/s captureRate=%.0f/s"
                    + " captured-after=%.1fs ratio=%.2f%n", n, insertRate, n / (burstNanos / 1e9), captureRate,
                    capturedNanos / 1e9, captureRate / insertRate);
            assertThat(captureRate).isPositive();
        }
    }

    private static long insert(MongoCollection<Document> c, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 1000) {
            List<Document> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 1000); j++) {
                batch.add(new Document("_id", j).append("qty", j % 7).append("note", "order " + j));
            }
            c.insertMany(batch);
        }
        return System.nanoTime() - t0;
    }
}
