package dev.prodguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's JSON shape at a minimal size (seconds); rates and ratios are reported, never asserted. */
class BenchmarkHarnessTest {
    @TempDir
    Path dir;

    /**
     * One small run through the command, as people start it: the JSON shape on stdout (and nothing else there),
     * the same object in --out, progress on stderr. The full harness runs on demand (prodguard bench).
     */
    @Test
    void benchCommandPrintsOneJsonObjectWithRatiosRatesSizesHeapMachineAndTargets() throws Exception {
        java.io.PrintStream real = System.out;
        java.io.ByteArrayOutputStream behind = new java.io.ByteArrayOutputStream();
        CliRun run;
        System.setOut(new java.io.PrintStream(behind, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            // the object-storage part (--s3) adds 7 s: BenchSmokeTest runs it against s3proxy on demand
            run = CliRun.run(Map.of(), dir, "bench", "--quick", "--users", "8", "--repetitions", "1", "--warmups", "0",
                    "--capture-seconds", "1", "--no-process", "--out", "bench.json");
        } finally {
            System.setOut(real);
        }

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(behind.toString(java.nio.charset.StandardCharsets.UTF_8)).as("written to System.out").isEmpty();
        // exactly one JSON object: nothing before it, nothing after it
        JsonNode printed = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(run.out);
        assertThat(printed.get("process").get("skipped").asText()).contains("--no-process");
        // no processes at all: the capture part's server runs in the harness's JVM, and the report says so
        assertThat(printed.get("capture").get("server").asText()).contains("in the benchmark's JVM").contains("--no-process");
        assertShape(printed, 8);
        assertThat(new ObjectMapper().readTree(Files.readString(dir.resolve("bench.json")))).isEqualTo(printed);
        assertThat(run.err).contains("bench_large").contains("measured pass 1/1");
        assertThat(printed.get("settings").get("warmup_passes").asInt()).as("%s", printed.get("settings")).isZero();
    }

    @Test
    void badSizesAreUsageErrors() {
        CliRun run = CliRun.run(Map.of(), dir, "bench", "--users", "3");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--users 3 is out of range");

        CliRun seconds = CliRun.run(Map.of(), dir, "bench", "--capture-seconds", "0");
        assertThat(seconds.exitCode).isEqualTo(2);
        assertThat(seconds.err).contains("--capture-seconds 0 is out of range");

        CliRun out = CliRun.run(Map.of(), dir, "bench", "--quick", "--out", "missing/dir/x.json");
        assertThat(out.exitCode).isEqualTo(2);
        assertThat(out.err).contains("does not exist");
    }

    /** The object-storage part: the same phases against the bucket, beside the filesystem's ratios. */
    static void assertObjectStorage(JsonNode json) {
        JsonNode o = json.get("object_storage");
        assertThat(o).as("object_storage in %s", json).isNotNull();
        assertThat(o.get("repository").asText()).startsWith("s3://");
        for (String phase : List.of("snapshot", "restore")) {
            assertThat(o.get(phase).get("documents").asLong()).as(phase).isEqualTo(json.get(phase).get("documents").asLong());
        }
        assertThat(o.get("snapshot_vs_raw_drain").asDouble()).isPositive();
        assertThat(o.get("restore_vs_raw_insert").asDouble()).isPositive();
        assertThat(o.get("filesystem_snapshot_vs_raw_drain").asDouble()).isEqualTo(json.get("snapshot_vs_raw_drain").asDouble());
    }

    static void assertShape(JsonNode json, int users) {
        assertThat(json.isObject()).isTrue();
        long docs = json.get("dataset").get("documents").asLong();
        assertThat(json.get("dataset").get("users").asInt()).isEqualTo(users);
        assertThat(docs).isGreaterThan(users);
        for (String phase : List.of("raw_drain", "snapshot", "raw_insert", "restore")) {
            JsonNode p = json.get(phase);
            assertThat(p.get("documents").asLong()).as(phase).isEqualTo(2 * docs); // A-B-B-A: two runs per pass
            assertThat(p.get("docs_per_s").asDouble()).as(phase).isPositive();
            assertThat(p.get("mb_per_s").asDouble()).as(phase).isPositive();
            assertThat(p.get("runs_ms").size()).as(phase).isEqualTo(json.get("settings").get("measured_passes").asInt());
        }
        assertThat(json.get("snapshot_vs_raw_drain").isNumber()).isTrue();
        assertThat(json.get("snapshot_vs_raw_drain").asDouble()).isPositive();
        assertThat(json.get("restore_vs_raw_insert").asDouble()).isPositive();
        assertThat(json.get("stored_vs_raw").asDouble()).isBetween(0.0, 2.0);
        assertThat(json.get("stored_bytes").asLong()).isPositive();
        assertThat(json.get("raw_bytes").asLong()).isEqualTo(json.get("dataset").get("raw_bytes").asLong());
        assertThat(json.has("peak_heap_ratio_large_vs_small")).isTrue();
        assertThat(json.get("peak_heap_bytes").get("snapshot_large").isNumber()).isTrue();
        JsonNode heap = json.get("heap");
        for (String size : List.of("small", "large")) {
            for (String phase : List.of("raw_drain", "snapshot", "raw_insert", "restore")) {
                assertThat(heap.get(size).get(phase).get("baseline_bytes").asLong()).as(size + " " + phase).isPositive();
                assertThat(heap.get(size).get(phase).has("peak_live_above_baseline_bytes")).isTrue();
            }
        }
        JsonNode machine = json.get("machine");
        assertThat(machine.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.get("max_heap_bytes").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(machine.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
        JsonNode targets = json.get("targets");
        assertThat(targets.get("snapshot_vs_raw_drain").get("min").asDouble()).isEqualTo(0.8);
        assertThat(targets.get("restore_vs_raw_insert").get("min").asDouble()).isEqualTo(0.8);
        assertThat(targets.get("peak_heap_ratio_large_vs_small").get("max").asDouble()).isEqualTo(1.5);
        assertThat(targets.get("capture_lag_p99_ms").get("max").asDouble()).isEqualTo(1000);
        assertThat(targets.get("pitr_restore_vs_snapshot_restore").get("max").asDouble()).isEqualTo(1.5);
        assertCapture(json);
        boolean all = true;
        for (String t : List.of("snapshot_vs_raw_drain", "restore_vs_raw_insert", "peak_heap_ratio_large_vs_small",
                "capture_lag_p99_ms", "pitr_restore_vs_snapshot_restore")) {
            assertThat(targets.get(t).get("pass").isBoolean()).as(t).isTrue();
            all &= targets.get(t).get("pass").asBoolean();
        }
        assertThat(targets.get("pass").asBoolean()).isEqualTo(all);
    }

    /** Capture lag per rate (everything written was captured), the headline capture keys, and the restore ratio. */
    static void assertCapture(JsonNode json) {
        JsonNode rates = json.get("capture").get("rates");
        assertThat(rates.size()).isGreaterThanOrEqualTo(2);
        double fastest = 0;
        for (JsonNode r : rates) {
            assertThat(r.get("written").asLong()).as(r.toString()).isPositive();
            assertThat(r.get("captured").asLong()).as(r.toString()).isEqualTo(r.get("written").asLong());
            assertThat(r.get("lag_p50_ms").asLong()).as(r.toString()).isNotNegative()
                    .isLessThanOrEqualTo(r.get("lag_p99_ms").asLong());
            assertThat(r.get("lag_p99_ms").asLong()).as(r.toString()).isLessThanOrEqualTo(r.get("lag_max_ms").asLong());
            fastest = Math.max(fastest, r.get("achieved_writes_per_s").asDouble());
        }
        assertThat(rates.get(rates.size() - 1).get("target_writes_per_s").asInt()).isZero(); // the unpaced run
        assertThat(json.get("capture").get("commit_interval_ms").asLong()).isPositive();
        assertThat(json.get("capture_max_writes_per_s").asDouble()).isPositive().isFinite().isEqualTo(fastest);
        assertThat(json.get("capture_lag_p50_ms").isIntegralNumber()).isTrue();
        assertThat(json.get("capture_lag_p50_ms").asLong()).isNotNegative()
                .isLessThanOrEqualTo(json.get("capture_lag_p99_ms").asLong());
        JsonNode pitr = json.get("pitr_restore");
        assertThat(pitr.get("documents").asLong()).isPositive();
        assertThat(pitr.get("point_in_time_restore_ms").asDouble()).isPositive().isFinite();
        assertThat(pitr.get("snapshot_restore_ms").asDouble()).isPositive().isFinite();
        assertThat(json.get("pitr_restore_vs_snapshot_restore").isNumber()).isTrue();
        assertThat(json.get("pitr_restore_vs_snapshot_restore").asDouble()).isPositive().isFinite();
    }
}
