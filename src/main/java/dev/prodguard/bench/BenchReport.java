package dev.prodguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.dataset.DatasetSummary;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.snapshot.SnapshotOptions;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Builds the benchmark's one JSON object from what {@link BenchmarkHarness} measured. */
final class BenchReport {
    /** Snapshot must reach this share of the raw drain rate, restore this share of the raw insert rate. */
    static final double MIN_RATE_RATIO = 0.8;
    /**
     * A snapshot's peak live heap above its baseline at the large size over the same at the small
     * size must stay at or below this while the data grows {@code users / smallUsers} times (4× by default).
     */
    static final double MAX_HEAP_RATIO = 1.5;

    /**
     * Peak live heaps below this are counted as this much in the heap ratio: one cursor batch per
     * worker (4 × ~250 KB) is in flight at any moment, so below about 1 MiB a peak only says where
     * the forced GCs happened to land (the raw driver drain shows the same spread).
     */
    static final long HEAP_NOISE_FLOOR = 1024 * 1024;

    /** Capture lag p99 at the highest write rate measured must stay at or below this (issue 4). */
    static final long MAX_CAPTURE_LAG_P99_MS = 1000;

    /** A point-in-time restore may take at most this many times a snapshot-only restore of the same data. */
    static final double MAX_PITR_RESTORE_RATIO = 1.5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final BenchOptions options;
    private RawTransfer.Totals largeTotals;
    private RawTransfer.Totals smallTotals;

    BenchReport(BenchOptions options, SnapshotOptions snapshot, RestoreOptions restore) {
        this.options = options;
        root.put("benchmark", "prodguard snapshot and restore vs the raw driver limit, same data, same run;"
                + " capture lag under sustained writes; point-in-time vs snapshot-only restore");
        root.put("quick", options.quick());
        root.put("server", "embedded mongo-java-server, memory backend, in-process, no oplog, on 127.0.0.1");
        ObjectNode s = root.putObject("settings");
        s.put("seed", options.seed());
        s.put("parallelism", options.parallelism());
        s.put("snapshot_batch_size", snapshot.batchSize());
        s.put("restore_batch_size", restore.batchSize());
        s.put("restore_max_batch_bytes", restore.maxBatchBytes());
        s.put("restore_precheck", restore.precheck());
        s.put("repository", "filesystem, zstd, unencrypted, temporary directory");
        s.put("warmup_passes", options.warmups());
        s.put("measured_passes", options.repetitions());
    }

    void machineAtStart(String heapSetting) {
        Runtime rt = Runtime.getRuntime();
        ObjectNode m = root.putObject("machine");
        m.put("heap_setting", heapSetting);
        m.put("cores", rt.availableProcessors());
        m.put("max_heap_bytes", rt.maxMemory());
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vm", System.getProperty("java.vm.name"));
        m.put("gc", String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList()));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("load_average_at_start", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
    }

    void machineAtEnd() {
        ((ObjectNode) root.get("machine")).put("load_average_at_end",
                round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
    }

    void dataset(DatasetSummary large, RawTransfer.Totals largeTotals, DatasetSummary small, RawTransfer.Totals smallTotals) {
        this.largeTotals = largeTotals;
        this.smallTotals = smallTotals;
        ObjectNode d = root.putObject("dataset");
        d.put("generator", "dev.prodguard.dataset.ExchangeDataset");
        d.put("users", large.users());
        d.put("documents", largeTotals.documents());
        d.put("raw_bytes", largeTotals.bytes());
        ObjectNode per = d.putObject("collections");
        large.documents().forEach(per::put);
        ObjectNode s = d.putObject("small");
        s.put("users", small.users());
        s.put("documents", smallTotals.documents());
        s.put("raw_bytes", smallTotals.bytes());
    }

    void largePasses(List<Pass> passes) {
        root.set("raw_drain", rates(passes, Pass::drain));
        root.set("raw_buffer_drain", rates(passes, Pass::bufferDrain));
        root.set("snapshot", rates(passes, Pass::snapshot));
        root.set("raw_insert", rates(passes, Pass::rawInsert));
        root.set("restore", rates(passes, Pass::restore));
        double snapVsDrain = median(passes, Pass::snapshotVsDrain);
        double restoreVsInsert = median(passes, Pass::restoreVsInsert);
        root.put("snapshot_vs_raw_drain", round(snapVsDrain, 3));
        root.put("restore_vs_raw_insert", round(restoreVsInsert, 3));
        root.put("snapshot_vs_raw_buffer_drain", round(median(passes, Pass::snapshotVsBufferDrain), 3));
        root.put("raw_buffer_drain_note", "informative, no target: raw_drain is the driver's own cursor (what any program"
                + " using the driver gets); raw_buffer_drain reads as a snapshot does (find/getMore replies kept as one"
                + " buffer, no per-document copy) and keeps nothing, so snapshot_vs_raw_buffer_drain is the cost of"
                + " compressing, hashing and writing durably, plus the snapshot's fixed cost");
        ArrayNode perPass = root.putArray("ratios_per_pass");
        for (Pass p : passes) {
            perPass.addObject().put("snapshot_vs_raw_drain", round(p.snapshotVsDrain(), 3))
                    .put("restore_vs_raw_insert", round(p.restoreVsInsert(), 3))
                    .put("snapshot_vs_raw_buffer_drain", round(p.snapshotVsBufferDrain(), 3));
        }
        long stored = passes.get(passes.size() - 1).snapshot().storedBytes();
        root.put("stored_bytes", stored);
        root.put("raw_bytes", largeTotals.bytes());
        root.put("stored_vs_raw", round((double) stored / largeTotals.bytes(), 4));

        ObjectNode t = root.putObject("targets");
        target(t, "snapshot_vs_raw_drain", snapVsDrain, MIN_RATE_RATIO, true);
        target(t, "restore_vs_raw_insert", restoreVsInsert, MIN_RATE_RATIO, true);
    }

    /**
     * The same passes with the repository in object storage: rates and the median ratios against the raw drain and
     * insert of the same pass, beside the filesystem's (informative: the store's network and service set the pace).
     */
    void objectStorage(String where, List<Pass> passes) {
        ObjectNode o = root.putObject("object_storage");
        o.put("repository", where);
        o.set("snapshot", rates(passes, Pass::snapshot));
        o.set("restore", rates(passes, Pass::restore));
        o.put("snapshot_vs_raw_drain", round(median(passes, Pass::snapshotVsDrain), 3));
        o.put("restore_vs_raw_insert", round(median(passes, Pass::restoreVsInsert), 3));
        o.put("filesystem_snapshot_vs_raw_drain", root.path("snapshot_vs_raw_drain").asDouble());
        o.put("filesystem_restore_vs_raw_insert", root.path("restore_vs_raw_insert").asDouble());
        o.put("stored_bytes", passes.get(passes.size() - 1).snapshot().storedBytes());
    }

    /** The heap passes at both sizes; completes the targets. */
    void heap(HeapPass small, HeapPass large) {
        ObjectNode heap = root.putObject("heap");
        heap.put("method", "separate untimed pass per size; full GC before each phase (baseline), a forced full GC"
                + " every 10 ms (at least 4x the last GC pause) during it (peak live heap), heap use sampled every 2 ms (peak used, garbage"
                + " included); the small dataset's snapshot runs as many times as the large dataset is larger and its highest"
                + " peak counts, so that both sides of the ratio are sampled for about as long; the in-process server's data"
                + " is part of the baseline, and what a restore or raw insert stores in it stays live, so restore is judged"
                + " against raw insert of the same data");
        heapAt(heap.putObject("small"), small, smallTotals);
        heapAt(heap.putObject("large"), large, largeTotals);
        double dataRatio = (double) largeTotals.bytes() / smallTotals.bytes();
        double snapRatio = ratio(Math.max(HEAP_NOISE_FLOOR, large.snapshot().peakLiveAboveBaseline()),
                Math.max(HEAP_NOISE_FLOOR, small.snapshot().peakLiveAboveBaseline()));
        heap.put("data_ratio_large_vs_small", round(dataRatio, 2));
        small.snapshotPeaks().forEach(heap.putArray("snapshot_peaks_small_bytes")::add);
        large.snapshotPeaks().forEach(heap.putArray("snapshot_peaks_large_bytes")::add);
        heap.put("noise_floor_bytes", HEAP_NOISE_FLOOR);
        heap.put("snapshot_peak_heap_ratio_unfloored",
                round(ratio(large.snapshot().peakLiveAboveBaseline(), small.snapshot().peakLiveAboveBaseline()), 3));
        heap.put("raw_drain_peak_heap_ratio_large_vs_small",
                round(ratio(large.drain().peakLiveAboveBaseline(), small.drain().peakLiveAboveBaseline()), 3));
        heap.put("restore_peak_live_minus_raw_insert_bytes_small",
                small.restore().peakLiveAboveBaseline() - small.rawInsert().peakLiveAboveBaseline());
        heap.put("restore_peak_live_minus_raw_insert_bytes_large",
                large.restore().peakLiveAboveBaseline() - large.rawInsert().peakLiveAboveBaseline());
        root.put("peak_heap_ratio_large_vs_small", round(snapRatio, 3));
        ObjectNode peak = root.putObject("peak_heap_bytes");
        peak.put("snapshot_small", small.snapshot().peakLiveAboveBaseline());
        peak.put("snapshot_large", large.snapshot().peakLiveAboveBaseline());
        peak.put("restore_small", small.restore().peakLiveAboveBaseline());
        peak.put("restore_large", large.restore().peakLiveAboveBaseline());
        peak.put("note", "snapshot: peak live heap above its baseline; restore: the same, which includes the restored"
                + " data the in-process server keeps (compare heap.*.raw_insert, which stores the same data)");
        ObjectNode t = (ObjectNode) root.get("targets");
        target(t, "peak_heap_ratio_large_vs_small", snapRatio, MAX_HEAP_RATIO, false);
        summarizeTargets(t);
    }

    /** The capture part: lag per write rate, and point-in-time versus snapshot-only restore; completes the targets. */
    void capture(BenchmarkHarness.CaptureReport c) {
        ObjectNode cap = root.putObject("capture");
        cap.put("method", "production capture (default timing) follows a fresh database on a second embedded server"
                + " (memory backend, oplog on; see server) while one writer inserts single documents at each rate for a fixed time"
                + " (rate 0: as fast as it can); lag = the segment's commit time minus the event's server wall time"
                + " (cluster-time second where no wall time), over every captured insert, after all are committed");
        cap.put("server", c.server());
        cap.put("commit_interval_ms", c.commitInterval().toMillis());
        ArrayNode rates = cap.putArray("rates");
        CaptureLag.RateRun fastest = null;
        for (CaptureLag.RateRun r : c.runs()) {
            rates.addObject().put("target_writes_per_s", r.targetPerSecond())
                    .put("achieved_writes_per_s", round(r.achievedPerSecond(), 0))
                    .put("written", r.written())
                    .put("captured", r.captured())
                    .put("lag_p50_ms", r.p50())
                    .put("lag_p99_ms", r.p99())
                    .put("lag_max_ms", r.max())
                    .put("timed_by_cluster_time", r.fromClusterTime());
            if (fastest == null || r.achievedPerSecond() > fastest.achievedPerSecond()) {
                fastest = r;
            }
        }
        root.put("capture_max_writes_per_s", round(fastest.achievedPerSecond(), 0));
        root.put("capture_lag_p50_ms", fastest.p50());
        root.put("capture_lag_p99_ms", fastest.p99());
        PointInTimeVsSnapshot.Result r = c.restore();
        ObjectNode pit = root.putObject("pitr_restore");
        pit.put("method", "the small dataset's size written while capture runs on an empty database; restore to the end"
                + " (empty capture snapshot + every document replayed) vs restore of a full snapshot of the same data;"
                + " planning included; one untimed run each (contents checked equal) and two more (both code paths equally warm), then A-B-B-A per pass");
        pit.put("documents", r.documents());
        pit.put("point_in_time_restore_ms", round(r.pointInTimeMillis(), 1));
        pit.put("snapshot_restore_ms", round(r.snapshotMillis(), 1));
        ArrayNode perPass = pit.putArray("ratios_per_pass");
        r.ratios().forEach(x -> perPass.add(round(x, 3)));
        root.put("pitr_restore_vs_snapshot_restore", round(r.ratio(), 3));
        ObjectNode t = (ObjectNode) root.get("targets");
        target(t, "capture_lag_p99_ms", fastest.p99(), MAX_CAPTURE_LAG_P99_MS, false);
        target(t, "pitr_restore_vs_snapshot_restore", r.ratio(), MAX_PITR_RESTORE_RATIO, false);
        summarizeTargets(t);
    }

    /** The whole-process part (or why it did not run); completes the targets. */
    void process(Launch launch, List<WholeProcess.ProcessPass> passes, WholeProcess.Startup startup, String server) {
        ObjectNode t = (ObjectNode) root.get("targets");
        if (passes == null) {
            ProcessReport.skipped(root, launch.skipped());
        } else {
            ProcessReport.measured(root, t, launch, passes, startup, server);
        }
        summarizeTargets(t);
    }

    /** Sets {@code pass}: every target met. */
    private static void summarizeTargets(ObjectNode t) {
        boolean all = true;
        for (var e : t.properties()) {
            if (!e.getKey().equals("pass")) {
                all &= e.getValue().path("pass").asBoolean(false);
            }
        }
        t.put("pass", all);
    }

    ObjectNode json() {
        return root;
    }

    private ObjectNode rates(List<Pass> passes, java.util.function.Function<Pass, PhaseRun> phase) {
        ObjectNode o = JSON.createObjectNode();
        o.put("documents", phase.apply(passes.get(0)).documents());
        o.put("bytes", phase.apply(passes.get(0)).bytes());
        o.put("docs_per_s", round(median(passes, p -> phase.apply(p).docsPerSecond()), 0));
        o.put("mb_per_s", round(median(passes, p -> phase.apply(p).megabytesPerSecond()), 2));
        o.put("median_ms", round(median(passes, p -> phase.apply(p).nanos() / 1e6), 1));
        ArrayNode runs = o.putArray("runs_ms");
        passes.forEach(p -> runs.add(round(phase.apply(p).nanos() / 1e6, 1)));
        return o;
    }

    private static void heapAt(ObjectNode o, HeapPass pass, RawTransfer.Totals totals) {
        o.put("documents", totals.documents());
        o.put("raw_bytes", totals.bytes());
        heapPhase(o.putObject("raw_drain"), pass.drain());
        heapPhase(o.putObject("snapshot"), pass.snapshot());
        heapPhase(o.putObject("raw_insert"), pass.rawInsert());
        heapPhase(o.putObject("restore"), pass.restore());
    }

    private static void heapPhase(ObjectNode o, HeapSampler.HeapReport r) {
        o.put("baseline_bytes", r.baseline());
        o.put("peak_used_above_baseline_bytes", r.peakAboveBaseline());
        o.put("peak_live_above_baseline_bytes", r.peakLiveAboveBaseline());
        o.put("retained_after_bytes", r.retainedAfter());
    }

    private static double ratio(long large, long small) {
        return small <= 0 ? Double.NaN : (double) large / small;
    }

    static boolean target(ObjectNode t, String key, double value, double limit, boolean atLeast) {
        boolean pass = !Double.isNaN(value) && (atLeast ? value >= limit : value <= limit);
        ObjectNode o = t.putObject(key);
        o.put(atLeast ? "min" : "max", limit);
        o.put("value", round(value, 3));
        o.put("pass", pass);
        return pass;
    }

    static double median(List<Pass> passes, ToDoubleFunction<Pass> f) {
        double[] v = passes.stream().mapToDouble(f).sorted().toArray();
        return median(v);
    }

    static double median(double[] sorted) {
        double[] v = sorted.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return java.math.BigDecimal.valueOf(v).setScale(places, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
