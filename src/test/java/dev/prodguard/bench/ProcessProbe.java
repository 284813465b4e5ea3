package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.snapshot.SnapshotOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: the bench's whole-process backup and restore against the raw drain and raw insert
 * processes alone, with variants of extra JVM flags, for deciding what the launcher should pass.
 * {@code -Dprobe.users=N} (4000), {@code -Dprobe.passes=P} (4), {@code -Dprobe.variants="|-XX:+UseSerialGC|..."}
 * (variants separated by '|', flags in a variant by spaces; the empty variant is the launcher's own line),
 * {@code -Dprobe.restore=false} to skip restores; {@code -Dprobe.hold=S} only seeds the server and keeps it up for S
 * seconds (its URI, spool folder and collections in {@code probe-uri} in the temporary directory), for timing
 * processes by hand. Needs the shaded jar built from the current sources. Run:
 * {@code mvn -o -B test -Dsurefire.groups=bench -Dsurefire.excludedGroups= -Dtest=ProcessProbe}
 */
@Tag("bench")
class ProcessProbe {
    @TempDir
    Path dir;

    @Test
    void wholeProcessVariants() throws Exception {
        int users = Integer.getInteger("probe.users", 4000);
        int passes = Integer.getInteger("probe.passes", 4);
        boolean restores = !"false".equals(System.getProperty("probe.restore"));
        String[] variants = System.getProperty("probe.variants", "").split("\\|", -1);
        SnapshotOptions snapshot = SnapshotOptions.defaults();
        RestoreOptions restore = RestoreOptions.from(snapshot);
        Launch launch = Launch.find(Path.of("").toAbsolutePath());
        if (launch.skipped() != null) {
            throw new IllegalStateException(launch.skipped());
        }
        MongoServer server = new MongoServer(new MemoryBackend().version(EmbeddedMongo.MONGO_6_0));
        try {
            server.bind("127.0.0.1", 0);
            String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
            try (MongoClient client = MongoClients.create(uri)) {
                MongoDatabase db = client.getDatabase("probe");
                new ExchangeDataset(20261125L, users).writeTo(db);
                List<String> collections = db.listCollectionNames().into(new ArrayList<>());
                collections.sort(null);
                Path spool = Files.createDirectories(dir.resolve("spool"));
                RawTransfer.Totals totals = RawTransfer.drain(db, collections, snapshot.batchSize(), snapshot.parallelism(), spool);
                WholeProcess.Data data = new WholeProcess.Data("probe", totals.documents(), collections, spool, snapshot.batchSize(),
                        restore.batchSize(), restore.maxBatchBytes());
                System.err.printf("probe: %d documents, %.1f MB%n", totals.documents(), totals.bytes() / 1e6);
                if (Integer.getInteger("probe.hold", 0) > 0) {
                    Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "probe-uri"), uri + "\n" + spool + "\n" + String.join(",", collections) + "\n");
                    System.err.println("probe: holding " + uri + " for " + Integer.getInteger("probe.hold") + " s");
                    Thread.sleep(Integer.getInteger("probe.hold") * 1000L);
                    return;
                }
                List<WholeProcess> procs = new ArrayList<>();
                for (String v : variants) {
                    List<String> cmd = new ArrayList<>(launch.command());
                    if (!v.isBlank()) {
                        cmd.addAll(1, Arrays.asList(v.trim().split("\\s+")));
                    }
                    Path work = Files.createDirectories(dir.resolve("work-" + procs.size()));
                    procs.add(new WholeProcess(new Launch(cmd, null), work, uri, snapshot.parallelism()));
                }
                // warm the server
                for (int i = 0; i < 3; i++) {
                    RawTransfer.drain(db, collections, snapshot.batchSize(), snapshot.parallelism(), null);
                }
                double[][] drainMs = new double[variants.length][passes];
                double[][] backupMs = new double[variants.length][passes];
                double[][] insertMs = new double[variants.length][passes];
                double[][] restoreMs = new double[variants.length][passes];
                for (int p = 0; p < passes; p++) {
                    for (int v = 0; v < variants.length; v++) {
                        WholeProcess w = procs.get(v);
                        double d1 = w.rawProcess(data, "drain", "probe").nanos() / 1e6;
                        double b1 = w.backup(data).nanos() / 1e6;
                        double b2 = w.backup(data).nanos() / 1e6;
                        double d2 = w.rawProcess(data, "drain", "probe").nanos() / 1e6;
                        drainMs[v][p] = (d1 + d2) / 2;
                        backupMs[v][p] = (b1 + b2) / 2;
                        if (restores) {
                            double i1 = w.rawProcess(data, "insert", "probe_raw_" + p + "_" + v + "_a").nanos() / 1e6;
                            double r1 = w.restore(data).nanos() / 1e6;
                            dropRestored(client);
                            double r2 = w.restore(data).nanos() / 1e6;
                            dropRestored(client);
                            double i2 = w.rawProcess(data, "insert", "probe_raw_" + p + "_" + v + "_b").nanos() / 1e6;
                            dropRestored(client);
                            insertMs[v][p] = (i1 + i2) / 2;
                            restoreMs[v][p] = (r1 + r2) / 2;
                        }
                        System.err.printf("probe: pass %d [%s] drain %.0f backup %.0f (%.3f) insert %.0f restore %.0f (%.3f)%n", p,
                                variants[v], drainMs[v][p], backupMs[v][p], drainMs[v][p] / backupMs[v][p], insertMs[v][p],
                                restoreMs[v][p], insertMs[v][p] / restoreMs[v][p]);
                    }
                }
                for (int v = 0; v < variants.length; v++) {
                    System.err.printf("probe: RESULT [%s] drain %.0f backup %.0f ratio %.3f | insert %.0f restore %.0f ratio %.3f%n",
                            variants[v], BenchReport.median(drainMs[v]), BenchReport.median(backupMs[v]),
                            BenchReport.median(ratios(drainMs[v], backupMs[v])), BenchReport.median(insertMs[v]),
                            BenchReport.median(restoreMs[v]), BenchReport.median(ratios(insertMs[v], restoreMs[v])));
                }
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static double[] ratios(double[] limit, double[] ours) {
        double[] r = new double[limit.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = limit[i] / ours[i];
        }
        return r;
    }

    private static void dropRestored(MongoClient client) {
        for (String name : client.listDatabaseNames()) {
            if (name.startsWith("bench_process_restore_") || name.startsWith("probe_raw_")) {
                client.getDatabase(name).drop();
            }
        }
    }
}
