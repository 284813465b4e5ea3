package dev.prodguard.restore;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.prodguard.capture.CaptureHarness;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: point-in-time restore time versus a snapshot-only restore of the same data on
 * the embedded server. The same N documents are restored once from a snapshot that holds them and
 * once from a snapshot of the empty collection plus N captured inserts replayed, after one untimed
 * warm-up of each; then the replay alone is broken down (plan, segment read, apply). Prints JSON lines.
 * The benchmark harness ({@code prodguard bench}, key {@code pitr_restore_vs_snapshot_restore})
 * measures the same ratio in A-B-B-A order on the exchange dataset.
 * Run: {@code mvn -o -B test -Dtest=PointInTimeBench -Dsurefire.excludedGroups= -Dsurefire.groups=bench}
 */
@Tag("bench")
class PointInTimeBench {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void pointInTimeVersusSnapshotRestore() throws Exception {
        int n = Integer.getInteger("pitr.bench.docs", 5_000);
        String dbName = TestMongo.uniqueDb("pitrbench");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.createCollection("orders");
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(1, 1 << 20, 1000));
        Instant to;
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            for (int i = 0; i < n; i += 500) {
                List<Document> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + 500); j++) {
                    batch.add(new Document("_id", j).append("sku", "sku-" + (j % 977)).append("qty", j % 13).append("px", j * 0.25));
                }
                db.getCollection("orders").insertMany(batch, new InsertManyOptions().ordered(false));
            }
            Thread.sleep(300);
            to = Instant.now();
            capture.awaitCovered(to);
            capture.stop();
        }
        String full = new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults(), Clock.systemUTC()).take(dbName, ProgressListener.NONE).id();
        // untimed warm-up of both paths (JIT), so neither timed restore is the JVM's first
        capture(repo, dbName).restore(new RestorePoint(to, false, to.toString()), dbName + "_warm1");
        new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                .execute(RestorePlanner.forSnapshot(repo, full, RestoreRequest.defaults().withTargetDb(dbName + "_warm2")));
        List<Double> ratios = new ArrayList<>();
        long cpu0 = cpu();
        pit(repo, dbName, to, dbName + "_cpu_pit");
        long pitCpu = cpu() - cpu0;
        cpu0 = cpu();
        snap(repo, full, dbName + "_cpu_snap");
        long snapCpu = cpu() - cpu0;
        System.out.printf(Locale.ROOT, "BENCH process CPU time (server in-process, less sensitive to other load): point-in-time %d ms,"
                + " snapshot-only %d ms, ratio %.2f%n", pitCpu / 1_000_000, snapCpu / 1_000_000, pitCpu / (double) Math.max(1, snapCpu));
        long pitMillis = 0;
        long snapMillis = 0;
        for (int round = 0; round < 3; round++) {
            long a = pit(repo, dbName, to, dbName + "_pit" + round + "a") + pit(repo, dbName, to, dbName + "_pit" + round + "b");
            long b = snap(repo, full, dbName + "_snap" + round + "a") + snap(repo, full, dbName + "_snap" + round + "b");
            pitMillis += a;
            snapMillis += b;
            ratios.add(a / (double) Math.max(1, b));
        }
        ratios.sort(null);
        long pitDocs = mongo.client().getDatabase(dbName + "_pit0a").getCollection("orders").countDocuments();
        long snapDocs = mongo.client().getDatabase(dbName + "_snap0a").getCollection("orders").countDocuments();
        System.out.printf(Locale.ROOT, "BENCH {\"benchmark\":\"pitr-restore\",\"documents\":%d,\"pointInTimeRestoreMillis\":%d,"
                + "\"snapshotRestoreMillis\":%d,\"medianRatio\":%.2f,\"ratios\":%s,\"pitDocs\":%d,\"snapshotDocs\":%d}%n",
                n, pitMillis / 6, snapMillis / 6, ratios.get(1), ratios, pitDocs, snapDocs);
        long p0 = System.nanoTime();
        PointInTimePlanner.PointInTimePlan plan = PointInTimePlanner.plan(repo, dbName, new RestorePoint(to, false, to.toString()),
                RestoreRequest.defaults().withTargetDb(dbName + "_x"), Clock.systemUTC());
        long planMillis = (System.nanoTime() - p0) / 1_000_000;
        long r0 = System.nanoTime();
        List<dev.prodguard.capture.ChangeEvent> events = new ArrayList<>();
        for (dev.prodguard.capture.SegmentManifest m : dev.prodguard.capture.SegmentReader.list(repo, dbName)) {
            if (m.object() != null) {
                events.addAll(dev.prodguard.capture.SegmentReader.events(repo, m));
            }
        }
        long readMillis = (System.nanoTime() - r0) / 1_000_000;
        long a0 = System.nanoTime();
        new dev.prodguard.replay.ReplayEngine(mongo.client(), dev.prodguard.replay.NamespaceMap.single(dbName, dbName + "_y")).applyAll(events);
        long applyMillis = (System.nanoTime() - a0) / 1_000_000;
        System.out.printf(Locale.ROOT, "BENCH breakdown plan %d ms, read %d events %d ms, apply %d ms%n", planMillis, events.size(), readMillis, applyMillis);

    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long pit(Repository repo, String db, Instant to, String target) {
        long t0 = System.nanoTime();
        capture(repo, db).restore(new RestorePoint(to, false, to.toString()), target);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private long snap(Repository repo, String id, String target) {
        long t0 = System.nanoTime();
        new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                .execute(RestorePlanner.forSnapshot(repo, id, RestoreRequest.defaults().withTargetDb(target)));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static CaptureHarness capture(Repository repo, String db) {
        return new CaptureHarness(mongo.client(), repo, db);
    }
}
