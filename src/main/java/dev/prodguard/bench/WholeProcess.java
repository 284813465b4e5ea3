package dev.prodguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * prodguard as people run it: each command a new process started with the launcher's java command line
 * ({@link Launch}), timed from its start to its exit, against the benchmark's own server and a repository of
 * its own, with exactly the environment given here (nothing of the user's). Measures {@code backup} and
 * {@code restore} against the raw drain and raw insert of the same data in the same run (A-B-B-A per pass),
 * and start-up: {@code --version}, {@code --help}, and {@code gate} up to its first connection to the database.
 */
final class WholeProcess {
    /** Start-up runs per command (the median is reported). */
    static final int STARTUP_RUNS = 11;

    /**
     * One pass: the raw drain in-process (warm) and as a process of its own, the backup process; the raw insert
     * likewise and the restore process; each run twice, A-B-C-C-B-A.
     */
    record ProcessPass(PhaseRun drain, PhaseRun drainProcess, PhaseRun backup, PhaseRun insert, PhaseRun insertProcess,
            PhaseRun restore, ProcessCpu cpu) {
        double backupVsDrain() {
            return backup.docsPerSecond() / drain.docsPerSecond();
        }

        double backupVsDrainProcess() {
            return backup.docsPerSecond() / drainProcess.docsPerSecond();
        }

        double restoreVsInsert() {
            return restore.docsPerSecond() / insert.docsPerSecond();
        }

        double restoreVsInsertProcess() {
            return restore.docsPerSecond() / insertProcess.docsPerSecond();
        }
    }

    /**
     * The CPU time (user and system, ms) of a pass's processes, each kind summed over its two runs; -1 where it is
     * unknown ({@link ChildCpu}). The server's work is not in it (it runs in the benchmark's JVM), so these ratios
     * show what prodguard's own process costs against the raw program's, steadier than wall-clock ratios, which
     * swing with the server's collections.
     */
    record ProcessCpu(long drainProcess, long backup, long insertProcess, long restore) {
        /** Raw drain process CPU per backup process CPU (1: as cheap), or NaN when unknown. */
        double backupVsDrainProcess() {
            return ratio(drainProcess, backup);
        }

        /** Raw insert process CPU per restore process CPU, or NaN when unknown. */
        double restoreVsInsertProcess() {
            return ratio(insertProcess, restore);
        }

        private static double ratio(long raw, long prodguard) {
            return raw < 0 || prodguard <= 0 ? Double.NaN : (double) raw / prodguard;
        }
    }

    /** The data a pass moves: its database, documents, collections, the local spool of its raw BSON and the batch sizes. */
    record Data(String db, long documents, List<String> collections, Path spool, int readBatch, int insertBatch,
            long insertBatchBytes) {}

    /** Start-up medians and minimums in ms: prodguard's commands, and {@code java -version} (the JVM's floor). */
    record Startup(double[] version, double[] help, double[] gate, double[] floor) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Launch launch;
    private final Path work;
    private final String mongoUrl;
    private final int parallelism;
    private final Runnable settle;
    private int targets;
    /** The CPU time of the pass's processes by kind ("backup", "raw drain", …), ms, summed; -1 once one is unknown. */
    private final Map<String, Long> cpu = new HashMap<>();

    /** Commands run in {@code work} against {@code mongoUrl}, {@code parallelism} collections at once. */
    WholeProcess(Launch launch, Path work, String mongoUrl, int parallelism) {
        this(launch, work, mongoUrl, parallelism, HeapSampler::fullGc);
    }

    /**
     * As above; {@code settle} runs in this JVM before every timed backup, restore and raw process. This JVM
     * holds the server: a collection owed by the phase before (an in-process drain leaves hundreds of MB of
     * garbage) would otherwise run on the same two cores during the process measured. At 300,000 documents that
     * made the raw drain process right after the in-process drain take up to 3.7 s instead of 1.3 s, and the
     * backup process read as 2.4 times as fast as it; every in-process phase starts after a full GC for the same reason.
     */
    WholeProcess(Launch launch, Path work, String mongoUrl, int parallelism, Runnable settle) {
        this.launch = launch;
        this.work = work;
        this.mongoUrl = mongoUrl;
        this.parallelism = parallelism;
        this.settle = settle;
    }

    /**
     * A pass: drain, drain process, backup, backup, drain process, drain; the same with inserts and restores.
     * {@code drain} and {@code insert} run in-process; {@code dropRestored} removes what restores and raw
     * insert processes wrote (untimed).
     */
    ProcessPass pass(Data data, Supplier<PhaseRun> drain, Supplier<PhaseRun> insert, Runnable dropRestored) {
        cpu.clear();
        PhaseRun d = drain.get();
        PhaseRun dp = rawProcess(data, "drain", data.db());
        PhaseRun b = backup(data);
        b = b.plus(backup(data));
        dp = dp.plus(rawProcess(data, "drain", data.db()));
        d = d.plus(drain.get());
        PhaseRun i = insert.get();
        PhaseRun ip = rawProcess(data, "insert", "bench_process_restore_raw_" + (++targets));
        dropRestored.run();
        PhaseRun r = restore(data);
        dropRestored.run();
        r = r.plus(restore(data));
        dropRestored.run();
        ip = ip.plus(rawProcess(data, "insert", "bench_process_restore_raw_" + (++targets)));
        dropRestored.run();
        i = i.plus(insert.get());
        return new ProcessPass(d, dp, b, i, ip, r, new ProcessCpu(cpu.get("raw drain"), cpu.get("backup"),
                cpu.get("raw insert"), cpu.get("restore")));
    }

    /** The raw drain or raw insert ({@link RawProcess}) as a process, with the same java command line (class path instead of -jar). */
    PhaseRun rawProcess(Data data, String mode, String db) {
        List<String> cmd = new ArrayList<>(launch.command().subList(0, launch.command().size() - 2));
        cmd.addAll(List.of("-cp", launch.jar().toString(), RawProcess.class.getName(), mode, mongoUrl, db,
                String.valueOf(parallelism), String.valueOf(mode.equals("drain") ? data.readBatch() : data.insertBatch()),
                String.join(",", data.collections())));
        if (mode.equals("insert")) {
            cmd.addAll(List.of(data.spool().toString(), String.valueOf(data.insertBatchBytes())));
        }
        settle.run();
        return checked("raw " + mode, run(Map.of(), cmd), data.documents());
    }

    /** {@code prodguard backup --json} of the data's database: the process's whole life. */
    PhaseRun backup(Data data) {
        settle.run();
        return checked("backup", run(env(data.db()), "backup", "--json"), data.documents());
    }

    /** {@code prodguard restore --snapshot latest --target-db <new> --json}. */
    PhaseRun restore(Data data) {
        String target = "bench_process_restore_" + (++targets);
        settle.run();
        return checked("restore", run(env(data.db()), "restore", "--snapshot", "latest", "--target-db", target, "--json"),
                data.documents());
    }

    /** Start-up of {@code --version}, {@code --help} and {@code gate} (to its first connection), and the JVM's floor. */
    Startup startup(int runs) {
        double[] version = new double[runs];
        double[] help = new double[runs];
        double[] gate = new double[runs];
        double[] floor = new double[runs];
        for (int i = 0; i < runs; i++) {
            floor[i] = run(Map.of(), List.of(javaCommand(), "-version")).millis();
            version[i] = startupOk(run(Map.of(), "--version")).millis();
            help[i] = startupOk(run(Map.of(), "--help")).millis();
            gate[i] = gateUntilConnect();
        }
        return new Startup(medianMin(version), medianMin(help), medianMin(gate), medianMin(floor));
    }

    /** Ms from starting {@code gate} (production configuration) to its first connection to the database. */
    private double gateUntilConnect() {
        try (ServerSocket db = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            db.setSoTimeout(60_000);
            // a placeholder that passes gate's password rule (16+ characters, 3 classes), as a real production
            // MONGO_URL would: the socket above never authenticates anyone
            Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", "mongodb://bench:Bench-Placeholder-Not-A-Secret-1@127.0.0.1:"
                    + db.getLocalPort() + "/", "DB_NAME", "bench_gate", "PRODUCTION", "true", "PRODGUARD_CONNECT_TIMEOUT_MS", "500"));
            List<String> cmd = new ArrayList<>(launch.command());
            cmd.add("gate");
            long t0 = System.nanoTime();
            Process p = start(env, cmd, null);
            double ms;
            try (Socket first = db.accept()) {
                ms = (System.nanoTime() - t0) / 1e6;
            } catch (SocketTimeoutException e) {
                p.destroyForcibly();
                throw new IllegalStateException("gate did not connect to the database within 60 s");
            }
            p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
            return ms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The java executable of the launcher's command line. */
    private String javaCommand() {
        return launch.command().get(0);
    }

    private Map<String, String> env(String db) {
        return Map.of("MONGO_URL", mongoUrl, "DB_NAME", db, "PRODGUARD_REPO", work.resolve("process-repo").toString(),
                "PRODGUARD_STATE_DIR", work.resolve("process-state").toString(), "PRODGUARD_PARALLELISM", String.valueOf(parallelism));
    }

    private static Result startupOk(Result r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("prodguard exited " + r.exit() + ": " + r.err());
        }
        return r;
    }

    /** The documents a command's JSON reports, which must be the dataset's; its CPU time counts towards {@code what}'s. */
    private PhaseRun checked(String what, Result r, long documents) {
        cpu.merge(what, r.cpuMillis(), (a, b) -> a < 0 || b < 0 ? -1 : a + b);
        if (r.exit() != 0) {
            throw new IllegalStateException("prodguard " + what + " as a process exited " + r.exit() + ": " + r.err());
        }
        JsonNode out;
        try {
            out = JSON.readTree(r.out());
        } catch (IOException e) {
            throw new IllegalStateException("prodguard " + what + " --json printed no JSON: " + r.out());
        }
        long moved = out.path("documents").asLong(-1);
        if (moved != documents) {
            throw new IllegalStateException("prodguard " + what + " as a process moved " + moved + " documents, expected " + documents);
        }
        return new PhaseRun(moved, out.path("rawBytes").asLong(0), Math.round(r.millis() * 1e6), 0, null);
    }

    private record Result(int exit, String out, String err, double millis, long cpuMillis) {}

    private Result run(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(args.length == 0 ? launch.command() : launch.command(args[0]));
        cmd.addAll(Arrays.asList(args));
        return run(env, cmd);
    }

    private Result run(Map<String, String> env, List<String> cmd) {
        try {
            File out = File.createTempFile("bench-out", ".txt", work.toFile());
            File err = File.createTempFile("bench-err", ".txt", work.toFile());
            long cpu0 = ChildCpu.millis();
            long t0 = System.nanoTime();
            Process p = start(env, cmd, new File[] {out, err});
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 600 s");
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            Result r = new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8), ms, ChildCpu.between(cpu0, ChildCpu.millis()));
            Files.delete(out.toPath());
            Files.delete(err.toPath());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Starts {@code cmd} in the work folder with exactly {@code env} (plus PATH and HOME); output to files, or discarded. */
    private Process start(Map<String, String> env, List<String> cmd, File[] outErr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", work.resolve("home").toString());
        pb.environment().putAll(env);
        if (outErr == null) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectOutput(outErr[0]).redirectError(outErr[1]);
        }
        return pb.start();
    }

    /** {median, min} of the values. */
    private static double[] medianMin(double[] v) {
        return new double[] {BenchReport.median(v), Arrays.stream(v).min().orElse(Double.NaN)};
    }
}
