package dev.prodguard.snapshot;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where snapshot and restore time goes, many short interleaved runs (medians): snapshot into a
 * repository on disk vs on tmpfs (/dev/shm: fsync costs nothing there) against a raw drain, and
 * restore against itself. A diagnostic for tuning, not the benchmark of record ({@code prodguard bench}).
 * Run: {@code mvn -o -B test -Dsurefire.excludedGroups=none -Dtest=SnapshotCostProbe -Dprobe.users=300}; add
 * {@code -Dprobe.threads=true} for CPU per thread group (snapshot workers, metadata, server, fsync; the polling
 * thread's own CPU then inflates the process totals).
 */
@Tag("bench")
class SnapshotCostProbe {
    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        int users = Integer.getInteger("probe.users", 300);
        int reps = Integer.getInteger("probe.reps", 9);
        MongoServer server = new MongoServer(new MemoryBackend().version(EmbeddedMongo.MONGO_6_0));
        server.bind("127.0.0.1", 0);
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "pg-probe");
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
                Repository disk = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null);
                Repository mem = Repository.openOrCreate(new FileStorage(shm.resolve("repo")), null)) {
            MongoDatabase db = client.getDatabase("probe");
            new ExchangeDataset(1L, users).writeTo(db);
            List<String> names = db.listCollectionNames().into(new ArrayList<>());
            SnapshotOptions so = SnapshotOptions.defaults();
            RestoreOptions ro = RestoreOptions.from(so);
            String loop = System.getProperty("probe.loop", "");
            if (!loop.isEmpty()) { // one phase only, many times: for a profiler (-Dpg.test.jvm=-XX:StartFlightRecording=...)
                loop(loop, reps, client, db, names, disk, so, ro);
                return;
            }
            double[] drain = new double[reps];
            double[] snapDisk = new double[reps];
            double[] snapMem = new double[reps];
            double[] restDisk = new double[reps];
            double[] cpuDrain = new double[reps];
            double[] cpuSnap = new double[reps];
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            int target = 0;
            java.util.Map<String, Long> snapThreads = new java.util.TreeMap<>();
            java.util.Map<String, Long> drainThreads = new java.util.TreeMap<>();
            for (int i = -2; i < reps; i++) { // two warm-ups
                ThreadCpu.Watch drainWatch = new ThreadCpu.Watch();
                java.util.Map<String, Long> drainBefore = drainWatch.snapshot();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                drain(db, names);
                long t1 = System.nanoTime();
                long c1 = os.getProcessCpuTime();
                java.util.Map<String, Long> drainAfter = drainWatch.snapshot();
                drainWatch.close();
                if (i >= 0) {
                    ThreadCpu.accumulate(drainThreads, drainBefore, drainAfter);
                    drainThreads.merge("(process)", c1 - c0, Long::sum);
                }
                ThreadCpu.Watch watch = new ThreadCpu.Watch();
                java.util.Map<String, Long> before = watch.snapshot();
                long gc0 = ThreadCpu.gcMillis();
                long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                new SnapshotService(client, disk, so, Clock.systemUTC()).take("probe", ProgressListener.NONE);
                long t2 = System.nanoTime();
                long c2 = os.getProcessCpuTime();
                java.util.Map<String, Long> after = watch.snapshot();
                watch.close();
                if (i >= 0) {
                    ThreadCpu.accumulate(snapThreads, before, after);
                    snapThreads.merge("(gc wall)", (ThreadCpu.gcMillis() - gc0) * 1_000_000, Long::sum);
                    snapThreads.merge("(jit wall)", (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0)
                            * 1_000_000, Long::sum);
                    snapThreads.merge("(process)", c2 - c1, Long::sum);
                }
                new SnapshotService(client, mem, so, Clock.systemUTC()).take("probe", ProgressListener.NONE);
                long t3 = System.nanoTime();
                String t = "probe_r" + (++target);
                new RestoreExecutor(client, disk, ro, Clock.systemUTC())
                        .execute(RestorePlanner.forSnapshot(disk, "latest", RestoreRequest.defaults().withTargetDb(t)));
                long t4 = System.nanoTime();
                client.getDatabase(t).drop();
                if (i >= 0) {
                    drain[i] = (t1 - t0) / 1e6;
                    snapDisk[i] = (t2 - t1) / 1e6;
                    snapMem[i] = (t3 - t2) / 1e6;
                    restDisk[i] = (t4 - t3) / 1e6;
                    cpuDrain[i] = (c1 - c0) / 1e6;
                    cpuSnap[i] = (c2 - c1) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "PROBE cpu: drain=%.1fms snapshot_disk=%.1fms ratio=%.2f%n", median(cpuDrain),
                    median(cpuSnap), median(ratios(cpuDrain, cpuSnap)));
            drainThreads.forEach((k, v) -> System.out.printf(Locale.ROOT, "PROBE drain cpu by thread group: %s=%.1fms%n",
                    k, v / 1e6 / reps));
            snapThreads.forEach((k, v) -> System.out.printf(Locale.ROOT, "PROBE snapshot cpu by thread group: %s=%.1fms%n",
                    k, v / 1e6 / reps));
            System.out.printf(Locale.ROOT, "PROBE users=%d drain=%.1fms snapshot_disk=%.1fms snapshot_tmpfs=%.1fms"
                    + " restore_disk=%.1fms ratio_disk=%.2f ratio_tmpfs=%.2f%n", users, median(drain), median(snapDisk),
                    median(snapMem), median(restDisk), median(ratios(drain, snapDisk)), median(ratios(drain, snapMem)));
        } finally {
            server.shutdownNow();
            try (var walk = Files.walk(shm)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void loop(String phase, int reps, MongoClient client, MongoDatabase db, List<String> names,
            Repository repo, SnapshotOptions so, RestoreOptions ro) throws Exception {
        new SnapshotService(client, repo, so, Clock.systemUTC()).take("probe", ProgressListener.NONE);
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            switch (phase) {
                case "drain" -> drain(db, names);
                case "snapshot" -> new SnapshotService(client, repo, so, Clock.systemUTC()).take("probe", ProgressListener.NONE);
                case "restore" -> {
                    new RestoreExecutor(client, repo, ro, Clock.systemUTC()).execute(RestorePlanner.forSnapshot(repo,
                            "latest", RestoreRequest.defaults().withTargetDb("probe_loop")));
                    client.getDatabase("probe_loop").drop();
                }
                default -> throw new IllegalArgumentException("probe.loop: drain, snapshot or restore, not " + phase);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "PROBE loop %s x%d: median %.1f ms%n", phase, reps, median(ms));
    }

    private static void drain(MongoDatabase db, List<String> names) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (String n : names) {
                fs.add(pool.submit(() -> {
                    try (MongoCursor<RawBsonDocument> c = db.getCollection(n, RawBsonDocument.class).find()
                            .batchSize(1000).iterator()) {
                        while (c.hasNext()) {
                            c.next();
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] ratios(double[] base, double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = base[i] / v[i];
        }
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
