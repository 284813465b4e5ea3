package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: the bench's point-in-time versus snapshot-only restore alone, timed by wall clock and by
 * the process's CPU time (server included: it runs in-process), which a loaded machine disturbs less. For a
 * profiler: {@code -Dpg.test.jvm=-XX:StartFlightRecording=filename=/tmp/pitr.jfr}. {@code -Dprobe.users=N} (300),
 * {@code -Dprobe.passes=P} (8), {@code -Dprobe.pitOnly=true} (point-in-time restores only, for a profile), {@code -Dprobe.snapOnly=true}, {@code -Dprobe.uri=U} (a server of
 * its own with the oplog on instead of one in the test's JVM, as the harness uses: {@code sleep 9999 | java -cp target/prodguard.jar
 * dev.prodguard.bench.ServerProcess --oplog} prints its port). Run: {@code mvn -o -B test -Dsurefire.groups=bench -Dsurefire.excludedGroups= -Dtest=PitrProbe}
 */
@Tag("bench")
class PitrProbe {
    @TempDir
    Path dir;

    private int targets;

    @Test
    void pointInTimeVersusSnapshotOnly() throws Exception {
        int users = Integer.getInteger("probe.users", 300);
        int passes = Integer.getInteger("probe.passes", 8);
        SnapshotOptions snapshot = SnapshotOptions.defaults();
        RestoreOptions restore = RestoreOptions.from(snapshot);
        String external = System.getProperty("probe.uri"); // e.g. a ServerProcess --oplog started by hand, as the harness starts it
        try (EmbeddedMongo server = external == null ? EmbeddedMongo.startInMemory() : null;
                MongoClient client = MongoClients.create(external != null ? external : server.uri());
                Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null)) {
            client.getDatabase("probe").drop(); // an external server may hold an earlier run's
            Instant to;
            try (BackgroundCapture capture = new BackgroundCapture(client, repo, "probe", CaptureService.Timing.defaults(), snapshot)) {
                capture.awaitSnapshot();
                new ExchangeDataset(20261125L, users).writeTo(client.getDatabase("probe"));
                Thread.sleep(5);
                to = Instant.now();
                capture.awaitCovered(to);
            }
            String full = new SnapshotService(client, repo, snapshot, Clock.systemUTC()).take("probe", ProgressListener.NONE).id();
            List<double[]> pit = new ArrayList<>();
            List<double[]> snap = new ArrayList<>();
            for (int i = 0; i < passes + 2; i++) {
                double[] a = Boolean.getBoolean("probe.snapOnly") ? null : timed(client, () -> {
                    String t = "pit_" + (++targets);
                    long p0 = System.nanoTime();
                    var plan = PointInTimePlanner.plan(repo, "probe", new RestorePoint(to, false, to.toString()),
                            RestoreRequest.defaults().withTargetDb(t), Clock.systemUTC()).plan();
                    long p1 = System.nanoTime();
                    RestoreExecutor x = new RestoreExecutor(client, repo, restore, Clock.systemUTC());
                    x.execute(plan);
                    if (Boolean.getBoolean("probe.verbose")) {
                        System.err.printf("probe:   plan %.1f ms (%d steps, %d events), execute %.1f ms, replayed %s%n", (p1 - p0) / 1e6,
                                plan.replay().size(), plan.replay().stream().mapToLong(r -> r.events()).sum(), (System.nanoTime() - p1) / 1e6,
                                x.replayed());
                    }
                    return t;
                });
                double[] b = Boolean.getBoolean("probe.pitOnly") ? a : timed(client, () -> {
                    String t = "snap_" + (++targets);
                    new RestoreExecutor(client, repo, restore, Clock.systemUTC()).execute(RestorePlanner.forSnapshot(repo, full,
                            RestoreRequest.defaults().withTargetDb(t)));
                    return t;
                });
                a = a == null ? b : a;
                if (i >= 2) { // two warm-up passes
                    pit.add(a);
                    snap.add(b);
                }
            }
            double pw = median(pit, 0), pc = median(pit, 1), sw = median(snap, 0), sc = median(snap, 1);
            System.err.printf("probe: wall pit %.0f ms snap %.0f ms ratio %.2f; cpu pit %.0f ms snap %.0f ms ratio %.2f%n",
                    pw, sw, pw / sw, pc, sc, pc / sc);
        }
    }

    private static double[] timed(MongoClient client, java.util.function.Supplier<String> restore) {
        HeapSampler.fullGc();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        String target = restore.get();
        double[] r = {(System.nanoTime() - t0) / 1e6, (os.getProcessCpuTime() - c0) / 1e6};
        client.getDatabase(target).drop();
        return r;
    }

    private static double median(List<double[]> runs, int i) {
        return BenchReport.median(runs.stream().mapToDouble(r -> r[i]).toArray());
    }
}
