package dev.prodguard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The whole-process part of the benchmark's JSON: {@code process}, the two ratios, start-up, and their targets. */
final class ProcessReport {
    /** {@code backup} and {@code restore} processes must reach this share of the raw drain and raw insert rates. */
    static final double MIN_PROCESS_RATIO = 0.9;
    /** {@code --version} and {@code --help} must finish within this many ms (median). */
    static final double MAX_VERSION_HELP_MS = 300;
    /** {@code gate} must reach for the database within this many ms of its start (median). */
    static final double MAX_GATE_MS = 600;

    private ProcessReport() {}

    /** Records why the whole-process part did not run. */
    static void skipped(ObjectNode root, String why) {
        root.putObject("process").put("skipped", why);
    }

    /** The passes, the ratios and start-up, with their targets added to {@code targets}. */
    static void measured(ObjectNode root, ObjectNode targets, Launch launch, List<WholeProcess.ProcessPass> passes,
            WholeProcess.Startup startup, String server) {
        ObjectNode p = root.putObject("process");
        p.put("server", server);
        p.put("method", "each command a new process, started with the launcher's java command line (its JVM flags and"
                + " class-data archive) and timed from its start to its exit, against the server named in 'server' and a repository"
                + " of its own; the raw drain and raw insert both in-process (warm) and as processes of their own with the"
                + " same java command line (dev.prodguard.bench.RawProcess); per pass A-B-C-C-B-A (in-process raw, raw"
                + " process, prodguard, prodguard, raw process, in-process raw) on the large dataset; start-up: the median of " + WholeProcess.STARTUP_RUNS
                + " runs each, gate until its first connection to the database");
        ArrayNode cmd = p.putArray("command");
        launch.command().forEach(cmd::add);
        p.set("backup", rates(passes, WholeProcess.ProcessPass::backup));
        p.set("raw_drain", rates(passes, WholeProcess.ProcessPass::drain));
        p.set("raw_drain_process", rates(passes, WholeProcess.ProcessPass::drainProcess));
        p.set("restore", rates(passes, WholeProcess.ProcessPass::restore));
        p.set("raw_insert", rates(passes, WholeProcess.ProcessPass::insert));
        p.set("raw_insert_process", rates(passes, WholeProcess.ProcessPass::insertProcess));
        ArrayNode perPass = p.putArray("ratios_per_pass");
        for (WholeProcess.ProcessPass pass : passes) {
            ObjectNode row = perPass.addObject().put("backup_process_vs_raw_drain_process", round(pass.backupVsDrainProcess(), 3))
                    .put("restore_process_vs_raw_insert_process", round(pass.restoreVsInsertProcess(), 3))
                    .put("backup_process_vs_raw_drain", round(pass.backupVsDrain(), 3))
                    .put("restore_process_vs_raw_insert", round(pass.restoreVsInsert(), 3));
            orNull(row, "backup_process_cpu_vs_raw_drain_process_cpu", pass.cpu().backupVsDrainProcess(), 3);
            orNull(row, "restore_process_cpu_vs_raw_insert_process_cpu", pass.cpu().restoreVsInsertProcess(), 3);
        }
        cpuMs((ObjectNode) p.get("backup"), passes, WholeProcess.ProcessCpu::backup);
        cpuMs((ObjectNode) p.get("raw_drain_process"), passes, WholeProcess.ProcessCpu::drainProcess);
        cpuMs((ObjectNode) p.get("restore"), passes, WholeProcess.ProcessCpu::restore);
        cpuMs((ObjectNode) p.get("raw_insert_process"), passes, WholeProcess.ProcessCpu::insertProcess);
        orNull(root, "backup_process_cpu_vs_raw_drain_process_cpu", median(passes, x -> x.cpu().backupVsDrainProcess()), 3);
        orNull(root, "restore_process_cpu_vs_raw_insert_process_cpu", median(passes, x -> x.cpu().restoreVsInsertProcess()), 3);
        double backup = median(passes, WholeProcess.ProcessPass::backupVsDrainProcess);
        double restore = median(passes, WholeProcess.ProcessPass::restoreVsInsertProcess);
        root.put("backup_process_vs_raw_drain_process", round(backup, 3));
        root.put("restore_process_vs_raw_insert_process", round(restore, 3));
        root.put("backup_process_vs_raw_drain", round(median(passes, WholeProcess.ProcessPass::backupVsDrain), 3));
        root.put("restore_process_vs_raw_insert", round(median(passes, WholeProcess.ProcessPass::restoreVsInsert), 3));
        p.put("ratios_note", "the targets compare processes with processes, as the issue's figures did (a script with the"
                + " official driver): *_vs_raw_*_process. backup_process_vs_raw_drain and restore_process_vs_raw_insert"
                + " (informative) compare with the warm in-process raw transfers: the gap is the JVM's start and warm-up, which"
                + " the raw processes pay too. *_cpu_vs_*_cpu (informative, Linux only, null elsewhere): the raw process's CPU"
                + " time per prodguard's (user and system, from /proc), without the server's work, which runs in the"
                + " benchmark's JVM and makes wall-clock ratios swing");
        ObjectNode s = root.putObject("startup_ms");
        flags(startup(s.putObject("version"), startup.version()), launch, "--version");
        flags(startup(s.putObject("help"), startup.help()), launch, "--help");
        startup(s.putObject("gate_until_connect"), startup.gate());
        startup(s.putObject("jvm_floor"), startup.floor()).put("command", "java -version");
        BenchReport.target(targets, "backup_process_vs_raw_drain_process", backup, MIN_PROCESS_RATIO, true);
        BenchReport.target(targets, "restore_process_vs_raw_insert_process", restore, MIN_PROCESS_RATIO, true);
        BenchReport.target(targets, "startup_version_ms", startup.version()[0], MAX_VERSION_HELP_MS, false);
        BenchReport.target(targets, "startup_help_ms", startup.help()[0], MAX_VERSION_HELP_MS, false);
        BenchReport.target(targets, "startup_gate_until_connect_ms", startup.gate()[0], MAX_GATE_MS, false);
    }

    private static double median(List<WholeProcess.ProcessPass> passes, java.util.function.ToDoubleFunction<WholeProcess.ProcessPass> f) {
        return BenchReport.median(passes.stream().mapToDouble(f).toArray());
    }

    /** The JVM flags the launcher passes for {@code first} and not for other commands ({@code launcher_flags}), if any. */
    private static void flags(ObjectNode o, Launch launch, String first) {
        List<String> own = new ArrayList<>(launch.command(first));
        own.removeAll(launch.command());
        if (!own.isEmpty()) {
            ArrayNode a = o.putArray("launcher_flags");
            own.forEach(a::add);
        }
    }

    private static ObjectNode startup(ObjectNode o, double[] medianMin) {
        return o.put("median", round(medianMin[0], 1)).put("min", round(medianMin[1], 1));
    }

    private static ObjectNode rates(List<WholeProcess.ProcessPass> passes, Function<WholeProcess.ProcessPass, PhaseRun> phase) {
        ObjectNode o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        o.put("documents", phase.apply(passes.get(0)).documents());
        o.put("docs_per_s", round(BenchReport.median(passes.stream().mapToDouble(p -> phase.apply(p).docsPerSecond()).toArray()), 0));
        o.put("median_ms", round(BenchReport.median(passes.stream().mapToDouble(p -> phase.apply(p).nanos() / 1e6).toArray()), 1));
        ArrayNode runs = o.putArray("runs_ms");
        passes.forEach(p -> runs.add(round(phase.apply(p).nanos() / 1e6, 1)));
        return o;
    }

    private static double round(double v, int places) {
        return BenchReport.round(v, places);
    }

    /** {@code value} rounded, or null when it is unknown (NaN: no /proc). */
    private static void orNull(ObjectNode o, String name, double value, int places) {
        if (Double.isNaN(value)) {
            o.putNull(name);
        } else {
            o.put(name, round(value, places));
        }
    }

    /** {@code cpu_ms}: the median CPU time of one run of the process, or null when it is unknown. */
    private static void cpuMs(ObjectNode o, List<WholeProcess.ProcessPass> passes,
            java.util.function.ToLongFunction<WholeProcess.ProcessCpu> kind) {
        orNull(o, "cpu_ms", median(passes, x -> {
            long both = kind.applyAsLong(x.cpu());
            return both < 0 ? Double.NaN : both / 2.0;
        }), 0);
    }
}
