package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.state.StateDatabase;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.web.ApiToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 point 3: everything prodguard writes is owner-only (0600 files, 0700 directories) whatever
 * the umask, or 0640/0750 with PRODGUARD_FILE_MODE=group. Modes are read back with
 * Files.getPosixFilePermissions after real commands under this process's umask and, in a real JVM,
 * under umask 000.
 */
class PrivateFilesTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private String db;

    @BeforeEach
    void seed() {
        Assumptions.assumeTrue(PrivateFiles.posix(dir), "needs POSIX permissions");
        db = TestMongo.uniqueDb("modes");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("_id", 1).append("balance", 10));
    }

    @AfterEach
    void reset() {
        PrivateFiles.use(PrivateFiles.Mode.PRIVATE);
    }

    private Map<String, String> env(String key) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", mongo.uri());
        env.put("DB_NAME", db);
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_WEBHOOK_URL", "http://127.0.0.1:1/hook");
        if (key != null) {
            env.put("PRODGUARD_REPO_KEY", key);
        }
        return env;
    }

    /** Every file and directory under the roots with a mode other than the expected ones, with its mode. */
    private static Map<String, String> wrongModes(List<Path> roots, String fileMode, String dirMode) throws IOException {
        Map<String, String> wrong = new TreeMap<>();
        int seen = 0;
        for (Path root : roots) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    String expected = Files.isDirectory(p) ? dirMode : fileMode;
                    seen++;
                    if (!mode.equals(expected)) {
                        wrong.put(p.toString(), mode);
                    }
                }
            }
        }
        assertThat(seen).as("files checked").isGreaterThan(4);
        return wrong;
    }

    /** Backup (repository objects, manifests, descriptor, locks' directory), export, and the guardian's state files. */
    private List<Path> writeEverything(Map<String, String> env) throws IOException {
        for (String[] args : List.of(new String[] {"backup"}, new String[] {"export", "out"})) {
            CliRun r = CliRun.run(env, dir, args);
            assertThat(r.exitCode).as(String.join(" ", args) + "\n" + r).isZero();
        }
        PrivateFiles.configure(new SettingsLoader(env, dir, dir).load());
        ApiToken.resolve(new SettingsLoader(env, dir, dir).load());
        SqliteAlertStore alerts = SqliteAlertStore.open(dir.resolve("state"));
        try {
            assertThat(alerts.history(10)).isEmpty();
        } finally {
            alerts.close();
        }
        return List.of(dir.resolve("repo"), dir.resolve("state"), dir.resolve("out"));
    }

    @Test
    void aReplacedFileIsNeverSeenEmptyOrHalfWrittenAndKeepsTheModesPermissions() throws Exception {
        Path f = dir.resolve("answer");
        PrivateFiles.replace(f, "0".getBytes());
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    String s = Files.readString(f);
                    if (!s.matches("\\d{6}")) {
                        seen.add(s);
                    }
                } catch (IOException e) {
                    seen.add(e.toString());
                }
            }
        });
        PrivateFiles.replace(f, "000000".getBytes());
        reader.start();
        for (int i = 1; i <= 2000; i++) {
            PrivateFiles.replace(f, String.format("%06d", i).getBytes());
        }
        done.set(true);
        reader.join();
        assertThat(seen).as("what a concurrent reader saw besides whole six-digit numbers").isEmpty();
        assertThat(Files.readString(f)).isEqualTo("002000");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left behind").containsExactly("answer");
        }
    }

    @Test
    void repositoryExportAndStateAreOwnerOnlyUnderTheUsualUmask() throws IOException {
        List<Path> roots = writeEverything(env("Private-Files-Key-0481"));
        assertThat(Files.exists(dir.resolve("state/alerts.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("state/api-token"))).isTrue();
        assertThat(wrongModes(roots, "rw-------", "rwx------")).isEmpty();
    }

    @Test
    void groupModeIsOneSetting() throws IOException {
        Map<String, String> env = env(null);
        env.put("PRODGUARD_FILE_MODE", "group");
        assertThat(wrongModes(writeEverything(env), "rw-r-----", "rwxr-x---"))
                .as("secrets stay owner-only in group mode").containsOnlyKeys(dir.resolve("state/api-token").toString())
                .containsValue("rw-------");
        env.put("PRODGUARD_FILE_MODE", "world");
        CliRun bad = CliRun.run(env, dir, "status");
        assertThat(bad.exitCode).isEqualTo(3);
        assertThat(bad.err).contains("PRODGUARD_FILE_MODE='world'").contains("private").contains("group");
    }

    @Test
    void sqliteWalAndShmFilesTakeTheDatabaseFilesMode() throws Exception {
        Path state = dir.resolve("state");
        try (Connection c = StateDatabase.open(state, "probe.db"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
            s.execute("INSERT INTO t VALUES (1)");
            assertThat(Files.exists(state.resolve("probe.db-wal"))).isTrue();
            assertThat(wrongModesOf(state)).isEmpty();
        }
    }

    private static Map<String, String> wrongModesOf(Path state) throws IOException {
        Map<String, String> wrong = new TreeMap<>();
        try (Stream<Path> all = Files.list(state)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (!mode.equals("rw-------")) {
                    wrong.put(p.getFileName().toString(), mode);
                }
            }
        }
        return wrong;
    }

    @Test
    void aRealProcessUnderUmask000StillWritesOwnerOnly() throws Exception {
        ProcessBuilder java = Subprocess.prodguard(env("Private-Files-Key-0481"), dir, List.of("-Xmx256m"), "backup");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$0\" \"$@\""));
        cmd.addAll(java.command());
        ProcessBuilder underUmask = new ProcessBuilder(cmd).directory(dir.toFile());
        underUmask.environment().clear();
        underUmask.environment().putAll(java.environment());
        Subprocess.Result r = Subprocess.run(underUmask, 120);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Path probe = dir.resolve("umask-probe");
        new ProcessBuilder("sh", "-c", "umask 000; : > umask-probe").directory(dir.toFile()).start().waitFor();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe))).as("umask 000 took effect")
                .isEqualTo("rw-rw-rw-");
        assertThat(wrongModes(List.of(dir.resolve("repo")), "rw-------", "rwx------")).isEmpty();
    }
}
