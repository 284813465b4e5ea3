package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Secrets;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.LogTap;
import dev.prodguard.testing.TestMongo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 2's promise: the password from MONGO_URL never appears in any output or log of any command,
 * with or without --verbose. Every registered subcommand is run (long-running ones excepted), so a
 * new command is covered without anyone remembering to add it here.
 */
class SecretsNeverPrintedTest {
    /** Recognisable, strong, and needing no URL-encoding. */
    private static final String PASSWORD = "Zq7-Wombat-Secret-9xK2";
    private static final String REPO_KEY = "Kiwi-Repo-Passphrase-77";
    private static final Set<String> LONG_RUNNING = Set.of("dev-db", "demo", "run", "capture", "help", "bench");
    // bench reads no configuration at all (its own embedded server), and its quickest run takes 30 s

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    /** Arguments a command needs to get past parsing; everything else runs with its defaults. */
    private static List<String> argsFor(String name) {
        return switch (name) {
            case "restore" -> List.of("--snapshot", "latest", "--dry-run");
            case "export" -> List.of("out-dir");
            case "roles" -> List.of("plan");
            case "alerts" -> List.of("test");
            case "scan" -> List.of(".");
            case "check" -> List.of("--stage", "pre-live");
            case "prune" -> List.of("--dry-run");
            default -> List.of();
        };
    }

    private static List<String> commandNames() {
        CommandLine cli = new CommandLine(new Main(CliContext.system()));
        return new ArrayList<>(cli.getSubcommands().keySet());
    }

    private void assertClean(CliRun run, String what) throws IOException {
        assertThat(run.all()).as(what + "\n" + run).doesNotContain(PASSWORD).doesNotContain(REPO_KEY)
                .doesNotContain("Zq7-Wombat").doesNotContain("Zq7%2DWombat");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")
                    || p.toString().endsWith(".txt") || p.toString().endsWith(".json")).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                assertThat(text).as(what + " wrote " + f).doesNotContain(PASSWORD).doesNotContain(REPO_KEY);
            }
        }
    }

    private Map<String, String> env(String host) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", "mongodb://guardian:" + PASSWORD + "@" + host + "/");
        env.put("DB_NAME", "secrets_db");
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_REPO_KEY", REPO_KEY);
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "800");
        env.put("PRODGUARD_WEBHOOK_URL", "http://127.0.0.1:1/hook/" + PASSWORD);
        return env;
    }

    @Test
    void noCommandPrintsThePasswordAgainstALiveServerOrAClosedPort() throws IOException {
        String live = mongo.uri().substring("mongodb://".length());
        List<String> ran = new ArrayList<>();
        boolean sawLogs = false;
        for (String host : List.of(live, "127.0.0.1:1")) {
            for (String name : commandNames()) {
                if (LONG_RUNNING.contains(name)) {
                    continue;
                }
                for (boolean verbose : new boolean[] {false, true}) {
                    List<String> args = new ArrayList<>();
                    args.add(name);
                    args.addAll(argsFor(name));
                    if (verbose) {
                        args.add("--verbose");
                    }
                    CliRun run;
                    String logged;
                    try (LogTap logs = new LogTap()) {
                        run = CliRun.run(env(host), dir, args.toArray(String[]::new));
                        logged = logs.text();
                    }
                    assertClean(run, String.join(" ", args) + " @" + host);
                    assertThat(logged).as("log of " + args).doesNotContain(PASSWORD).doesNotContain(REPO_KEY);
                    if (verbose) {
                        sawLogs |= !logged.isEmpty();
                    }
                    ran.add(name);
                }
            }
        }
        assertThat(sawLogs).as("--verbose produced log lines to check").isTrue();
        assertThat(ran).contains("doctor", "gate", "backup", "restore", "verify", "status", "list", "scan");
    }

    @Test
    void malformedInputIsOneLineWithTheDocumentedExitCodeAndNoStackTrace() {
        record Case(Map<String, String> env, String[] args, int code) {}
        List<Case> cases = List.of(
                new Case(Map.of("MONGO_URL", "", "DB_NAME", "x"), new String[] {"doctor"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb:/x", "DB_NAME", "x"), new String[] {"gate"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb://h:99999/", "DB_NAME", "x"), new String[] {"backup"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb://h\uFFFD/", "DB_NAME", "x"), new String[] {"status"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb://h/", "DB_NAME", "x", "PRODUCTION", "maybe"),
                        new String[] {"gate"}, 3),
                new Case(Map.of(), new String[] {"backup", "--no-such-flag"}, 2),
                new Case(Map.of(), new String[] {"no-such-command"}, 2));
        for (Case c : cases) {
            CliRun run = CliRun.run(c.env(), dir, c.args());
            assertThat(run.exitCode).as(String.join(" ", c.args()) + " " + c.env() + "\n" + run).isEqualTo(c.code());
            assertThat(run.err).as(run.toString()).doesNotContain("\tat ").doesNotContain("Exception");
            if (c.code() == 3) {
                assertThat(run.err.strip().lines().filter(l -> l.startsWith("error:")).count()).as(run.toString())
                        .isEqualTo(1);
            }
        }
    }
}
