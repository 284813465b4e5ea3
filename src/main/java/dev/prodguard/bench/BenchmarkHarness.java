package dev.prodguard.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.dataset.DatasetSummary;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.restore.RestoreResult;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotResult;
import dev.prodguard.snapshot.SnapshotService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Measures, in one run on one machine, prodguard's snapshot and restore against the limits the
 * driver itself sets on the same data: snapshot vs a raw cursor drain, restore vs a raw unordered
 * bulk insert, the stored/raw size ratio, and peak heap at two data sizes.
 *
 * <p>Set-up (untimed): the embedded server (memory backend, in-process, no oplog), a seeded
 * {@link ExchangeDataset} at two sizes, a fresh unencrypted repository in a temporary directory, and
 * each dataset's raw BSON spooled to local files for the raw insert. Then a warm-up pass on the
 * small dataset, one measured pass on the small dataset (for heap), and {@code repetitions}
 * measured passes on the large one. A pass runs drain, snapshot, raw insert and restore back to
 * back; the ratios are medians of the per-pass ratios, so that both sides of a ratio saw the same
 * machine load. Every phase starts after a full GC.
 *
 * <p>Then the capture part, on a second embedded server with the oplog on (in a JVM of its own when the launcher can
 * start one, {@link ServerProcess}): capture lag at several
 * write rates ({@link CaptureLag}) and point-in-time versus snapshot-only restore ({@link PointInTimeVsSnapshot}).
 *
 * <p>Then, unless {@code --no-process}, the whole-process part ({@link WholeProcess}): {@code backup} and {@code restore}
 * started as people start them, against the raw drain and insert of the same data, and start-up times.
 *
 * <p>Run: {@code ./prodguard bench [--quick] [--users N] [--capture-seconds S] [--no-process] [--out FILE]} (prints one JSON object).
 */
public final class BenchmarkHarness {
    private final BenchOptions options;
    private final Consumer<String> log;
    private final SnapshotOptions snapshotOptions;
    private final RestoreOptions restoreOptions;
    private int targets;
    private java.util.function.Supplier<dev.prodguard.repo.Storage> objectStorage;

    /** {@code log} receives progress lines (for stderr); the result is the returned JSON. */
    public BenchmarkHarness(BenchOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.snapshotOptions = SnapshotOptions.defaults().withParallelism(options.parallelism());
        this.restoreOptions = RestoreOptions.from(snapshotOptions);
    }

    /**
     * Also measures snapshot and restore with the repository in object storage ({@code storage} gives an empty bucket
     * prefix): the same passes on the large dataset, reported as {@code object_storage} next to the filesystem figures.
     * {@code prodguard bench --s3} passes the bucket the settings name; the bench's test an in-process s3proxy.
     */
    public BenchmarkHarness withObjectStorage(java.util.function.Supplier<dev.prodguard.repo.Storage> storage) {
        this.objectStorage = storage;
        return this;
    }

    /** Runs the whole benchmark and returns its one JSON object. */
    public ObjectNode run() {
        BenchReport report = new BenchReport(options, snapshotOptions, restoreOptions);
        Path work;
        try {
            work = Files.createTempDirectory("prodguard-bench");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the benchmark", e);
        }
        // the launcher's java command line, for the processes the harness starts: the whole-process part's commands and
        // the servers of its own that the whole-process and capture parts measure against
        Launch launch = options.process() ? Launch.find(Path.of("").toAbsolutePath())
                : new Launch(List.of(), "not asked for (--no-process)");
        MongoServer server = new MongoServer(new MemoryBackend().version(EmbeddedMongo.MONGO_6_0));
        try {
            server.bind("127.0.0.1", 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
                    Repository repo = Repository.openOrCreate(new FileStorage(work.resolve("repo")), null)) {
                report.machineAtStart(keepHeap());
                Dataset large = dataset(client, "bench_large", options.users(), work);
                Dataset small = dataset(client, "bench_small", options.smallUsers(), work);
                report.dataset(large.summary(), large.totals(), small.summary(), small.totals());
                for (int i = 0; i < options.warmups(); i++) {
                    log.accept("bench: warm-up pass " + (i + 1) + " (small dataset, not measured)");
                    pass(client, repo, small);
                }
                // a peak caught by GCs forced every few ms depends on how long the phase is sampled: the small
                // dataset's snapshot runs as many times as the large one is larger, so both sides of the heap
                // ratio are sampled for about as long (a peak that grows with the data still shows)
                int smallRuns = (int) Math.max(1, Math.round((double) large.totals().bytes() / small.totals().bytes()));
                log.accept("bench: heap pass on the small dataset (untimed, forced GCs; its snapshot " + smallRuns + " times)");
                HeapPass smallHeap = heapPass(client, repo, small, smallRuns);
                List<Pass> passes = new ArrayList<>();
                for (int i = 0; i < options.repetitions(); i++) {
                    log.accept("bench: measured pass " + (i + 1) + "/" + options.repetitions() + " on the large dataset");
                    Pass p = pass(client, repo, large);
                    log.accept(String.format(java.util.Locale.ROOT, "bench:   snapshot/drain %.2f, restore/insert %.2f",
                            p.snapshotVsDrain(), p.restoreVsInsert()));
                    passes.add(p);
                }
                log.accept("bench: heap pass on the large dataset (untimed, forced GCs)");
                HeapPass largeHeap = heapPass(client, repo, large, 1);
                report.largePasses(passes);
                report.heap(smallHeap, largeHeap);
                if (objectStorage != null) {
                    dev.prodguard.repo.Storage bucket = objectStorage.get();
                    try (Repository s3repo = Repository.openOrCreate(bucket, null)) {
                        List<Pass> s3passes = new ArrayList<>();
                        for (int i = 0; i < options.repetitions(); i++) {
                            log.accept("bench: measured pass " + (i + 1) + "/" + options.repetitions() + " with the repository in "
                                    + bucket.describe());
                            Pass p = pass(client, s3repo, large);
                            log.accept(String.format(java.util.Locale.ROOT, "bench:   snapshot/drain %.2f, restore/insert %.2f",
                                    p.snapshotVsDrain(), p.restoreVsInsert()));
                            s3passes.add(p);
                        }
                        report.objectStorage(bucket.describe(), s3passes);
                    }
                }
                processPart(report, launch, client, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort(), large, work);
            }
            server.shutdownNow();
            long c0 = System.nanoTime();
            report.capture(capture(work, launch));
            log.accept(String.format(java.util.Locale.ROOT, "bench: capture part took %.1f s", (System.nanoTime() - c0) / 1e9));
            report.machineAtEnd();
        } catch (com.mongodb.MongoException e) {
            throw new ProdguardException(ErrorCode.INTERNAL, "benchmark stopped: the embedded server or driver failed: "
                    + e.getMessage() + "; a heavily loaded machine can cause this, run again", e);
        } finally {
            server.shutdownNow();
            deleteQuietly(work);
        }
        return report.json();
    }

    /**
     * The capture part, on its own embedded server with the oplog on (change streams need it) and its
     * own repository: lag at each rate, then point-in-time versus snapshot-only restore. The server runs in a JVM of
     * its own when {@code launch} can start one (as the whole-process part's does), else in this one.
     */
    private CaptureReport capture(Path work, Launch launch) {
        ServerProcess own = launch.skipped() == null ? ownServer(launch, true, "the capture part's", "it uses one in this JVM") : null;
        String serverNote = own != null ? own.describe()
                : "an embedded server in the benchmark's JVM (memory backend, oplog on; "
                        + (launch.skipped() == null ? "the server process did not start)" : "no server process: " + launch.skipped() + ")");
        try (EmbeddedMongo inProcess = own == null ? EmbeddedMongo.startInMemory() : null) {
            return capture(work, own != null ? own.uri() : inProcess.uri(), serverNote);
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** A server process of its own (the oplog on when {@code oplog}), or null when it did not start; {@code instead} says what then. */
    private ServerProcess ownServer(Launch launch, boolean oplog, String whose, String instead) {
        try {
            return ServerProcess.start(launch, oplog);
        } catch (IOException | RuntimeException e) {
            log.accept("bench: " + whose + " server process did not start (" + e.getMessage() + "); " + instead);
            return null;
        }
    }

    private CaptureReport capture(Path work, String uri, String serverNote) {
        CaptureOptions c = options.capture();
        try (MongoClient client = MongoClients.create(uri);
                Repository repo = Repository.openOrCreate(new FileStorage(work.resolve("capture-repo")), null)) {
            CaptureService.Timing timing = CaptureService.Timing.defaults();
            CaptureLag lag = new CaptureLag(client, repo, timing, snapshotOptions, log);
            List<CaptureLag.RateRun> runs = new ArrayList<>();
            for (int rate : c.rates()) {
                log.accept("bench: capture lag at " + (rate == CaptureLag.UNPACED ? "full speed (one writer)" : rate + " writes/s")
                        + " for " + c.writeFor().toSeconds() + " s");
                runs.add(lag.measure("bench_lag_" + runs.size(), rate, c.writeFor()));
            }
            log.accept("bench: point-in-time vs snapshot-only restore (" + options.smallUsers() + " users, "
                    + c.restorePasses() + " pass(es))");
            PointInTimeVsSnapshot.Result restore = new PointInTimeVsSnapshot(client, repo, snapshotOptions, restoreOptions, log)
                    .measure("bench_pitr", options.seed(), options.smallUsers(), c.restorePasses());
            log.accept(String.format(java.util.Locale.ROOT, "bench:   point-in-time %.0f ms, snapshot-only %.0f ms, ratio %.2f",
                    restore.pointInTimeMillis(), restore.snapshotMillis(), restore.ratio()));
            return new CaptureReport(timing.commitInterval(), runs, restore, serverNote);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "benchmark interrupted");
        }
    }

    /**
     * The whole-process part: {@code backup} and {@code restore} as processes of their own against the large
     * dataset, A-B-B-A with the raw drain and raw insert, then start-up; skipped (and said why) without a launcher and jar.
     */
    private void processPart(BenchReport report, Launch launch, MongoClient client, String uri, Dataset data, Path work) {
        if (launch.skipped() != null) {
            log.accept("bench: whole-process part skipped: " + launch.skipped());
            report.process(launch, null, null, null);
            return;
        }
        // the processes run against a server of their own, in a JVM of its own: in this JVM's server, the harness's heap
        // (both datasets, the in-process phases' garbage) and compilation made single passes of the same command differ
        // by up to 2.7 times. The large dataset is copied there from its spool, exactly as the raw insert writes it.
        ServerProcess own = ownServer(launch, false, "the", "the processes use this JVM's server");
        String serverNote = own == null ? "the benchmark's own server, in its JVM (the server process did not start)"
                : own.describe() + ", the large dataset copied into it, a full collection in it before every timed process";
        try (MongoClient ownClient = own == null ? null : MongoClients.create(own.uri())) {
            MongoClient server = own == null ? client : ownClient;
            if (own != null) {
                RawTransfer.insert(server.getDatabase(data.db()), data.collections(), data.spool(), restoreOptions.batchSize(),
                        restoreOptions.maxBatchBytes(), options.parallelism());
            }
            processPasses(report, launch, server, own == null ? uri : own.uri(), own, data, work, serverNote);
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /**
     * The whole-process passes against {@code uri}; {@code own} is its server process, or null when the server is this
     * JVM's. Before every timed process, both JVMs run a full collection: a restore's inserts and the drop of what it
     * restored leave garbage in the server, which would otherwise be collected during whichever process came next.
     */
    private void processPasses(BenchReport report, Launch launch, MongoClient client, String uri, ServerProcess own, Dataset data,
            Path work, String serverNote) {
        WholeProcess proc = new WholeProcess(launch, work, uri, options.parallelism(), () -> {
            HeapSampler.fullGc();
            if (own != null) {
                try {
                    own.collect();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        WholeProcess.Data processData = new WholeProcess.Data(data.db(), data.totals().documents(), data.collections(),
                data.spool(), snapshotOptions.batchSize(), restoreOptions.batchSize(), restoreOptions.maxBatchBytes());
        // the first processes after the in-process part ran up to 2.7 times as long as later ones (the raw drain
        // process most: a first pass read the backup process as 2.4 and 2.7 times as fast as it, then 0.8 to 1.3):
        // one pass runs unmeasured, as the in-process part's warm-up passes do
        log.accept("bench: whole-process warm-up pass (not measured)");
        proc.pass(processData, () -> drain(client, data, false), () -> insert(client, data, false),
                () -> dropRestored(client));
        List<WholeProcess.ProcessPass> passes = new ArrayList<>();
        for (int i = 0; i < options.repetitions(); i++) {
            log.accept("bench: whole-process pass " + (i + 1) + "/" + options.repetitions() + " (prodguard backup and restore"
                    + " as processes, " + launch.jar() + ")");
            WholeProcess.ProcessPass p = proc.pass(processData, () -> drain(client, data, false), () -> insert(client, data, false),
                    () -> dropRestored(client));
            log.accept(String.format(java.util.Locale.ROOT, "bench:   backup process/raw drain process %.2f (/raw drain in-process"
                    + " %.2f), restore process/raw insert process %.2f (/raw insert in-process %.2f)", p.backupVsDrainProcess(),
                    p.backupVsDrain(), p.restoreVsInsertProcess(), p.restoreVsInsert()));
            passes.add(p);
        }
        log.accept("bench: start-up, " + WholeProcess.STARTUP_RUNS + " runs each of --version, --help, gate and java -version");
        report.process(launch, passes, proc.startup(WholeProcess.STARTUP_RUNS), serverNote);
    }

    /** Drops what the restore processes restored (their targets are named bench_process_restore_N). */
    static void dropRestored(MongoClient client) {
        for (String name : client.listDatabaseNames()) {
            if (name.startsWith("bench_process_restore_")) {
                client.getDatabase(name).drop();
            }
        }
    }

    /**
     * Stops the JVM from shrinking the heap after the full GC that starts each phase: otherwise a phase
     * finds the heap shrunk to about a third, collects young garbage until it has grown back, and the
     * same phase took 2 s or 5 s depending on where the heap stood (measured with -Xlog:gc). A setting
     * the JVM lets a running program change; both sides of every ratio then run on the same heap.
     */
    private String keepHeap() {
        try {
            HeapSampler.keepHeap();
            return "MaxHeapFreeRatio=100 (the heap is not shrunk after the full GC before each phase)";
        } catch (RuntimeException e) {
            log.accept("bench: cannot keep the heap from shrinking (" + e.getMessage() + "); timings may swing more");
            return "default (MaxHeapFreeRatio could not be set: " + e.getMessage() + ")";
        }
    }

    /** What the capture part measured. */
    record CaptureReport(java.time.Duration commitInterval, List<CaptureLag.RateRun> runs, PointInTimeVsSnapshot.Result restore,
            String server) {}

    /** A generated dataset, its collections and the local spool of its raw BSON. */
    private record Dataset(String db, DatasetSummary summary, List<String> collections, Path spool,
            RawTransfer.Totals totals) {}

    private Dataset dataset(MongoClient client, String name, int users, Path work) {
        long t0 = System.nanoTime();
        MongoDatabase db = client.getDatabase(name);
        DatasetSummary summary = new ExchangeDataset(options.seed(), users).writeTo(db);
        List<String> collections = db.listCollectionNames().into(new ArrayList<>());
        collections.sort(null);
        Path spool = work.resolve("spool-" + name);
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RawTransfer.Totals totals = RawTransfer.drain(db, collections, snapshotOptions.batchSize(), options.parallelism(), spool);
        log.accept(String.format(java.util.Locale.ROOT, "bench: %s: %d users, %d documents, %.1f MB raw BSON (%.1f s to generate)",
                name, users, totals.documents(), totals.bytes() / 1e6, (System.nanoTime() - t0) / 1e9));
        return new Dataset(name, summary, collections, spool, totals);
    }

    /**
     * A timed pass in A-B-C-C-B-A order (drain, buffer drain, snapshot, snapshot, buffer drain, drain;
     * insert, restore, restore, insert).
     */
    private Pass pass(MongoClient client, Repository repo, Dataset data) {
        PhaseRun drain = drain(client, data, false);
        PhaseRun buffers = bufferDrain(client, data);
        PhaseRun snapshot = snapshot(client, repo, data, false);
        snapshot = snapshot.plus(snapshot(client, repo, data, false));
        buffers = buffers.plus(bufferDrain(client, data));
        drain = drain.plus(drain(client, data, false));
        PhaseRun insert = insert(client, data, false);
        PhaseRun restore = restore(client, repo, data, false);
        restore = restore.plus(restore(client, repo, data, false));
        insert = insert.plus(insert(client, data, false));
        return new Pass(drain, buffers, snapshot, insert, restore);
    }

    /**
     * An untimed pass with a full GC forced every {@value #HEAP_GC_EVERY_MS} ms, for the live heap; the snapshot
     * phase {@code snapshotRuns} times, keeping the run with the highest peak.
     */
    private HeapPass heapPass(MongoClient client, Repository repo, Dataset data, int snapshotRuns) {
        HeapSampler.HeapReport drain = drain(client, data, true).heap();
        HeapSampler.HeapReport snapshot = null;
        List<Long> peaks = new ArrayList<>();
        for (int i = 0; i < snapshotRuns; i++) {
            HeapSampler.HeapReport r = snapshot(client, repo, data, true).heap();
            peaks.add(r.peakLiveAboveBaseline());
            if (snapshot == null || r.peakLiveAboveBaseline() > snapshot.peakLiveAboveBaseline()) {
                snapshot = r;
            }
        }
        return new HeapPass(drain, snapshot, List.copyOf(peaks), insert(client, data, true).heap(),
                restore(client, repo, data, true).heap());
    }

    private static final long HEAP_GC_EVERY_MS = 10;

    private PhaseRun drain(MongoClient client, Dataset data, boolean heap) {
        MongoDatabase source = client.getDatabase(data.db());
        return checked(data, "raw drain", measure(heap, () -> {
            RawTransfer.Totals t = RawTransfer.drain(source, data.collections(), snapshotOptions.batchSize(),
                    options.parallelism(), null);
            return new PhaseRun(t.documents(), t.bytes(), 0, 0, null);
        }));
    }

    private PhaseRun bufferDrain(MongoClient client, Dataset data) {
        MongoDatabase source = client.getDatabase(data.db());
        return checked(data, "raw buffer drain", measure(false, () -> {
            RawTransfer.Totals t = RawTransfer.drainBuffers(client, source, data.collections(), snapshotOptions.batchSize(),
                    options.parallelism());
            return new PhaseRun(t.documents(), t.bytes(), 0, 0, null);
        }));
    }

    private PhaseRun snapshot(MongoClient client, Repository repo, Dataset data, boolean heap) {
        return checked(data, "snapshot", measure(heap, () -> {
            SnapshotResult r = new SnapshotService(client, repo, snapshotOptions, Clock.systemUTC())
                    .take(data.db(), ProgressListener.NONE);
            return new PhaseRun(r.documents(), r.rawBytes(), 0, r.storedBytes(), null);
        }));
    }

    private PhaseRun insert(MongoClient client, Dataset data, boolean heap) {
        MongoDatabase target = client.getDatabase("bench_insert_" + (++targets));
        PhaseRun run = measure(heap, () -> {
            RawTransfer.Totals t = RawTransfer.insert(target, data.collections(), data.spool(),
                    restoreOptions.batchSize(), restoreOptions.maxBatchBytes(), options.parallelism());
            return new PhaseRun(t.documents(), t.bytes(), 0, 0, null);
        });
        target.drop();
        return checked(data, "raw insert", run);
    }

    /** Restores the latest snapshot (the one this pass just took) into a new database, then drops it. */
    private PhaseRun restore(MongoClient client, Repository repo, Dataset data, boolean heap) {
        String target = "bench_restore_" + (++targets);
        PhaseRun run = measure(heap, () -> {
            RestoreResult r = new RestoreExecutor(client, repo, restoreOptions, Clock.systemUTC())
                    .execute(RestorePlanner.forSnapshot(repo, data.db(), "latest", RestoreRequest.defaults().withTargetDb(target),
                            Clock.systemUTC()));
            return new PhaseRun(r.documents(), r.bytes(), 0, 0, null);
        });
        client.getDatabase(target).drop();
        return checked(data, "restore", run);
    }

    /** A ratio of rates is only meaningful when both sides moved the same documents. */
    private static PhaseRun checked(Dataset data, String phase, PhaseRun run) {
        if (run.documents() != data.totals().documents()) {
            throw new IllegalStateException(phase + " of " + data.db() + " moved " + run.documents()
                    + " documents, expected " + data.totals().documents());
        }
        return run;
    }

    /**
     * Runs one phase after a full GC: timed (the result carries its duration), or with the heap
     * sampled under forced GCs (the result carries the heap report; its duration means nothing).
     */
    private static PhaseRun measure(boolean heap, Supplier<PhaseRun> work) {
        if (!heap) {
            HeapSampler.fullGc();
            long t0 = System.nanoTime();
            PhaseRun r = work.get();
            long nanos = System.nanoTime() - t0;
            return new PhaseRun(r.documents(), r.bytes(), nanos, r.storedBytes(), null);
        }
        HeapSampler sampler = HeapSampler.start(HEAP_GC_EVERY_MS);
        PhaseRun r;
        try {
            r = work.get();
        } finally {
            sampler.stop();
        }
        return new PhaseRun(r.documents(), r.bytes(), 0, r.storedBytes(), sampler.stop());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
