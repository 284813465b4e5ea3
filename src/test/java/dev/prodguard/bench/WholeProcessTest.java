package dev.prodguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.devdb.EmbeddedMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's whole-process part at a minimal size (issue 20 point 2): prodguard started as the launcher
 * starts it, its backup and restore processes checked against the dataset, start-up timed, the JSON shape.
 * Needs the shaded jar built from these sources; skipped (with the reason) when it is missing or older than
 * the compiled classes, as on a run of {@code mvn test} from a clean tree. Times are reported, never asserted.
 * The default run only checks the command line (one process); the measuring pass (a dozen processes) is
 * tagged {@code bench}: {@code mvn -o -B test -Dsurefire.groups=bench -Dsurefire.excludedGroups= -Dtest=WholeProcessTest}.
 */
class WholeProcessTest {
    @TempDir
    Path work;

    @Test
    void theCommandIsTheLaunchersWithItsFlagsAndArchiveAndPrintsTheBuildsVersion() throws Exception {
        Launch launch = launch();
        assertThat(launch.command()).contains("-XX:+DisplayVMOutputToStderr").anyMatch(f -> f.startsWith("-XX:SharedArchiveFile="))
                .endsWith("-jar", launch.jar().toString());
        Process version = new ProcessBuilder(with(launch.command(), "--version")).start();
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(version.waitFor()).isZero();
        assertThat(printed).as("the version from the jar's manifest").matches("prodguard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    /**
     * The server the whole-process part measures against runs in a JVM of its own, started with the launcher's java
     * command line: it serves the driver, and it stops when the harness closes it (its standard input).
     */
    @Test
    void theServerProcessServesAndStopsWhenClosed() throws Exception {
        Launch launch = launch();
        long pid;
        try (ServerProcess server = ServerProcess.start(launch); MongoClient client = MongoClients.create(server.uri())) {
            MongoDatabase db = client.getDatabase("bench_server");
            for (int i = 0; i < 100; i++) {
                db.getCollection("orders").insertOne(new org.bson.Document("_id", i));
            }
            assertThat(db.getCollection("orders").countDocuments()).isEqualTo(100);
            long first = server.collect(); // what the harness asks before every timed process
            assertThat(server.collect()).as("each request runs a collection there").isGreaterThan(first);
            assertThat(db.getCollection("orders").countDocuments()).isEqualTo(100);
            pid = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(ServerProcess.class.getName())
                    && h.parent().map(parent -> parent.pid() == ProcessHandle.current().pid()).orElse(false))
                    .findFirst().orElseThrow().pid();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("stopped once closed").isFalse();
    }

    /**
     * The capture part's server (oplog on) in a JVM of its own: capture follows a database through it, and a
     * point-in-time restore of what capture saw has the same documents as a snapshot-only restore and the source (the
     * capture part's own check, which throws otherwise).
     */
    @Test
    void theServerProcessWithTheOplogServesCaptureAndPointInTimeRestore() throws Exception {
        Launch launch = launch();
        dev.prodguard.snapshot.SnapshotOptions snapshot = dev.prodguard.snapshot.SnapshotOptions.defaults();
        try (ServerProcess server = ServerProcess.start(launch, true); MongoClient client = MongoClients.create(server.uri());
                dev.prodguard.repo.Repository repo = dev.prodguard.repo.Repository.openOrCreate(
                        new dev.prodguard.repo.FileStorage(work.resolve("repo")), null)) {
            PointInTimeVsSnapshot.Result r = new PointInTimeVsSnapshot(client, repo, snapshot,
                    dev.prodguard.restore.RestoreOptions.from(snapshot), line -> {}).measure("bench_pitr", 7L, 2, 1);
            long written = new ExchangeDataset(7L, 2).writeTo(client.getDatabase("bench_expected")).totalDocuments();
            assertThat(r.documents()).isEqualTo(written).isPositive();
            assertThat(r.ratios()).hasSize(1);
        }
    }

    /**
     * The launcher's class-data archive holds every class of prodguard's and picocli's that help and a backup load, so
     * that neither reads a class from the jar: the training run runs the demo's and the bench's commands too (their
     * annotations name classes), has the variables every environment has (their did-you-mean check), and the CLI's
     * error handlers are no lambdas (whose proxies made the archive leave picocli's handler interfaces out).
     */
    @Test
    void helpAndABackupLoadNoClassOfOursFromTheJar() throws Exception {
        Launch launch = launch();
        try (EmbeddedMongo server = EmbeddedMongo.startInMemory(); MongoClient client = MongoClients.create(server.uri())) {
            new ExchangeDataset(7L, 2).writeTo(client.getDatabase("shop"));
            for (List<String> args : List.of(List.of("--help"), List.of("backup", "--json"))) {
                assertLoadsNoClassOfOursFromTheJar(launch, server.uri(), args);
            }
        }
    }

    private void assertLoadsNoClassOfOursFromTheJar(Launch launch, String uri, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(launch.command(args.get(0)));
        cmd.add(cmd.size() - 2, "-Xlog:class+load=info:stdout");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(java.util.Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", work.resolve("home").toString(), "MONGO_URL", uri, "DB_NAME", "shop",
                "PRODGUARD_REPO", work.resolve("repo").toString()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args)).isZero();
        List<String> fromJar = out.lines().filter(l -> l.contains("source: file:")).toList();
        assertThat(out).as(String.join(" ", args)).contains("dev.prodguard.Prodguard source: shared objects file");
        assertThat(fromJar).as(String.join(" ", args)).noneMatch(l -> l.contains(" dev.prodguard.") || l.contains(" picocli."));
    }

    private static Launch launch() {
        Launch launch = Launch.find(Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(launch.skipped() == null, () -> "whole-process part skipped: " + launch.skipped());
        return launch;
    }

    @Test
    @Tag("bench")
    void backupAndRestoreRunAsProcessesAndTheReportHasEveryRatioAndStartupTime() throws Exception {
        Launch launch = launch();
        try (EmbeddedMongo server = EmbeddedMongo.startInMemory(); MongoClient client = MongoClients.create(server.uri())) {
            MongoDatabase db = client.getDatabase("bench_proc");
            new ExchangeDataset(7L, 8).writeTo(db);
            List<String> collections = db.listCollectionNames().into(new ArrayList<>());
            Path spool = Files.createDirectories(work.resolve("spool"));
            long docs = RawTransfer.drain(db, collections, 1000, 2, spool).documents();
            int[] settled = {0};
            WholeProcess proc = new WholeProcess(launch, work, server.uri(), 2, () -> settled[0]++);
            int[] inserts = {0};
            WholeProcess.ProcessPass pass = proc.pass(new WholeProcess.Data("bench_proc", docs, collections, spool, 1000, 1000, 8 << 20),
                    () -> PhaseRun.timed(() -> RawTransfer.drain(db, collections, 1000, 2, null)),
                    () -> {
                        MongoDatabase t = client.getDatabase("bench_proc_insert_" + (++inserts[0]));
                        PhaseRun r = PhaseRun.timed(() -> RawTransfer.insert(t, collections, spool, 1000, 8 << 20, 2));
                        t.drop();
                        return r;
                    },
                    () -> client.listDatabaseNames().forEach(n -> {
                        if (n.startsWith("bench_process_restore_")) {
                            assertThat(client.getDatabase(n).getCollection("users").countDocuments()).as(n).isEqualTo(8);
                            client.getDatabase(n).drop();
                        }
                    }));
            // the server's JVM settles before each of the pass's eight timed processes (2 raw drains, 2 backups,
            // 2 restores, 2 raw inserts), never during one
            assertThat(settled[0]).isEqualTo(8);
            assertThat(pass.backup().documents()).isEqualTo(2 * docs);
            assertThat(pass.restore().documents()).isEqualTo(2 * docs);
            assertThat(pass.drainProcess().documents()).isEqualTo(2 * docs);
            assertThat(pass.insertProcess().documents()).isEqualTo(2 * docs);
            WholeProcess.Startup startup = proc.startup(1);

            ObjectNode root = new ObjectMapper().createObjectNode();
            ObjectNode targets = root.putObject("targets");
            ProcessReport.measured(root, targets, launch, List.of(pass), startup, "the test's server");
            JsonNode p = root.get("process");
            assertThat(p.get("server").asText()).isEqualTo("the test's server");
            assertThat(p.get("command").get(0).asText()).isEqualTo(launch.command().get(0));
            for (String phase : List.of("backup", "raw_drain", "raw_drain_process", "restore", "raw_insert", "raw_insert_process")) {
                assertThat(p.get(phase).get("documents").asLong()).as(phase).isEqualTo(2 * docs);
                assertThat(p.get(phase).get("docs_per_s").asDouble()).as(phase).isPositive();
            }
            for (String ratio : List.of("backup_process_vs_raw_drain_process", "restore_process_vs_raw_insert_process",
                    "backup_process_vs_raw_drain", "restore_process_vs_raw_insert")) {
                assertThat(root.get(ratio).asDouble()).as(ratio).isPositive();
            }
            // CPU time of each process from /proc (Linux): every process uses some, and the ratios are set
            boolean linux = java.nio.file.Files.isReadable(Path.of("/proc/self/stat"));
            for (String phase : List.of("backup", "raw_drain_process", "restore", "raw_insert_process")) {
                assertThat(p.get(phase).get("cpu_ms").isNull()).as(phase).isEqualTo(!linux);
                if (linux) {
                    assertThat(p.get(phase).get("cpu_ms").asDouble()).as(phase).isPositive();
                }
            }
            for (String ratio : List.of("backup_process_cpu_vs_raw_drain_process_cpu", "restore_process_cpu_vs_raw_insert_process_cpu")) {
                assertThat(root.get(ratio).isNull()).as(ratio).isEqualTo(!linux);
                assertThat(p.get("ratios_per_pass").get(0).get(ratio).isNull()).as(ratio).isEqualTo(!linux);
            }
            for (String s : List.of("version", "help", "gate_until_connect", "jvm_floor")) {
                assertThat(root.get("startup_ms").get(s).get("median").asDouble()).as(s).isPositive();
            }
            for (String s : List.of("version", "help")) { // timed with the launcher's line for them, which says so
                assertThat(root.get("startup_ms").get(s).get("launcher_flags").toString()).as(s).isEqualTo("[\"-XX:TieredStopAtLevel=1\"]");
            }
            assertThat(root.get("startup_ms").get("gate_until_connect").has("launcher_flags")).isFalse();
            assertThat(targets.get("backup_process_vs_raw_drain_process").get("min").asDouble()).isEqualTo(0.9);
            assertThat(targets.get("restore_process_vs_raw_insert_process").get("min").asDouble()).isEqualTo(0.9);
            assertThat(targets.get("startup_version_ms").get("max").asDouble()).isEqualTo(300);
            assertThat(targets.get("startup_help_ms").get("max").asDouble()).isEqualTo(300);
            assertThat(targets.get("startup_gate_until_connect_ms").get("max").asDouble()).isEqualTo(600);
        }
    }

    private static List<String> with(List<String> command, String arg) {
        List<String> out = new ArrayList<>(command);
        out.add(arg);
        return out;
    }
}
