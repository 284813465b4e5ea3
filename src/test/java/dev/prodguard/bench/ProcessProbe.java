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
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: the bench's whole-process backup and restore against the raw drain and raw insert
 * processes alone, with variants of extra JVM flags, for deciding what the launcher should pass.
 * {@code -Dprobe.users=N} (4000), {@code -Dprobe.passes=P} (4), {@code -Dprobe.variants="|-XX:+UseSerialGC|..."}
 * (variants separated by '|', flags in a variant by spaces; the empty variant is the launcher's own line),
 * {@code -Dprobe.hold=S} only seeds the server and keeps it up for S
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
                    Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "probe-uri"),
                            uri + "\n" + spool + "\n" + String.join(",", collections) + "\n");
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
                Supplier<PhaseRun> drain = () -> PhaseRun.timed(() -> RawTransfer.drain(db, collections, snapshot.batchSize(),
                        snapshot.parallelism(), null));
                Supplier<PhaseRun> insert = () -> {
                    MongoDatabase target = client.getDatabase("bench_process_restore_in_process");
                    PhaseRun r = PhaseRun.timed(() -> RawTransfer.insert(target, collections, spool, restore.batchSize(),
                            restore.maxBatchBytes(), snapshot.parallelism()));
                    target.drop();
                    return r;
                };
                List<List<WholeProcess.ProcessPass>> results = new ArrayList<>();
                procs.forEach(w -> results.add(new ArrayList<>()));
                for (int p = 0; p < passes; p++) {
                    for (int v = 0; v < variants.length; v++) {
                        WholeProcess.ProcessPass pass = procs.get(v).pass(data, drain, insert,
                                () -> BenchmarkHarness.dropRestored(client));
                        results.get(v).add(pass);
                        System.err.printf("probe: pass %d [%s] backup/raw drain process %.3f, restore/raw insert process %.3f%n",
                                p, variants[v], pass.backupVsDrainProcess(), pass.restoreVsInsertProcess());
                    }
                }
                for (int v = 0; v < variants.length; v++) {
                    List<WholeProcess.ProcessPass> r = results.get(v);
                    System.err.printf("probe: RESULT [%s] backup/raw drain process %.3f, restore/raw insert process %.3f (medians)%n",
                            variants[v], BenchReport.median(r.stream().mapToDouble(WholeProcess.ProcessPass::backupVsDrainProcess).toArray()),
                            BenchReport.median(r.stream().mapToDouble(WholeProcess.ProcessPass::restoreVsInsertProcess).toArray()));
                }
            }
        } finally {
            server.shutdownNow();
        }
    }
}
