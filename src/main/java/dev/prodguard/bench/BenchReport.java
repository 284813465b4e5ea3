package dev.prodguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.demo.DatasetSummary;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final BenchmarkHarness.Options options;
    private RawTransfer.Totals largeTotals;
    private RawTransfer.Totals smallTotals;

    BenchReport(BenchmarkHarness.Options options, SnapshotOptions snapshot, RestoreOptions restore) {
        this.options = options;
        root.put("benchmark", "prodguard snapshot and restore vs the raw driver limit, same data, same run");
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

    void machineAtStart() {
        Runtime rt = Runtime.getRuntime();
        ObjectNode m = root.putObject("machine");
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
        d.put("generator", "dev.prodguard.demo.ExchangeDataset");
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
        root.set("snapshot", rates(passes, Pass::snapshot));
        root.set("raw_insert", rates(passes, Pass::rawInsert));
        root.set("restore", rates(passes, Pass::restore));
        double snapVsDrain = median(passes, Pass::snapshotVsDrain);
        double restoreVsInsert = median(passes, Pass::restoreVsInsert);
        root.put("snapshot_vs_raw_drain", round(snapVsDrain, 3));
        root.put("restore_vs_raw_insert", round(restoreVsInsert, 3));
        ArrayNode perPass = root.putArray("ratios_per_pass");
        for (Pass p : passes) {
            perPass.addObject().put("snapshot_vs_raw_drain", round(p.snapshotVsDrain(), 3))
                    .put("restore_vs_raw_insert", round(p.restoreVsInsert(), 3));
        }
        long stored = passes.get(passes.size() - 1).snapshot().storedBytes();
        root.put("stored_bytes", stored);
        root.put("raw_bytes", largeTotals.bytes());
        root.put("stored_vs_raw", round((double) stored / largeTotals.bytes(), 4));

        ObjectNode t = root.putObject("targets");
        target(t, "snapshot_vs_raw_drain", snapVsDrain, MIN_RATE_RATIO, true);
        target(t, "restore_vs_raw_insert", restoreVsInsert, MIN_RATE_RATIO, true);
    }

    /** The heap passes at both sizes; completes the targets. */
    void heap(HeapPass small, HeapPass large) {
        ObjectNode heap = root.putObject("heap");
        heap.put("method", "separate untimed pass per size; full GC before each phase (baseline), a forced full GC"
                + " every 10 ms during it (peak live heap), heap use sampled every 2 ms (peak used, garbage"
                + " included); the in-process server's data is part of the baseline, and what a restore or raw"
                + " insert stores in it stays live, so restore is judged against raw insert of the same data");
        heapAt(heap.putObject("small"), small, smallTotals);
        heapAt(heap.putObject("large"), large, largeTotals);
        double dataRatio = (double) largeTotals.bytes() / smallTotals.bytes();
        double snapRatio = ratio(large.snapshot().peakLiveAboveBaseline(), small.snapshot().peakLiveAboveBaseline());
        heap.put("data_ratio_large_vs_small", round(dataRatio, 2));
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
        boolean all = true;
        for (var e : t.properties()) {
            all &= e.getValue().path("pass").asBoolean(false);
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

    private static boolean target(ObjectNode t, String key, double value, double limit, boolean atLeast) {
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

    private static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return java.math.BigDecimal.valueOf(v).setScale(places, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
