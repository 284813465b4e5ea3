package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 20 point 4: the stdout of every command that has {@code --json} is one JSON value and nothing else,
 * and nothing in the process writes to {@code System.out} behind the command's back (a library, the
 * embedded server). The JVM's own messages are the launcher's part ({@link LauncherTest}).
 */
class JsonOutputTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void everyJsonCommandPrintsOneJsonValueAndNothingElse() throws Exception {
        mongo.client().getDatabase("json_out").getCollection("orders").insertOne(new Document("_id", 1).append("total", 5));
        Files.createDirectories(dir.resolve("src"));
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", "json_out", "PRODGUARD_REPO",
                dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CONNECT_TIMEOUT_MS", "2000");
        assertThat(CliRun.run(env, dir, "backup").exitCode).isZero();
        Map<String, List<String>> runs = new LinkedHashMap<>();
        for (String command : jsonCommands(dev.prodguard.Prodguard.commandLine(CliContext.system()), "")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.addAll(argsFor(command));
            args.add("--json");
            runs.put(command, args);
        }
        assertThat(runs.keySet()).as("the commands with --json").contains("backup", "restore", "verify", "gate", "doctor",
                "status", "list", "roles plan", "alerts list", "scan", "check", "prune");
        PrintStream real = System.out;
        for (Map.Entry<String, List<String>> e : runs.entrySet()) {
            ByteArrayOutputStream behind = new ByteArrayOutputStream();
            CliRun run;
            System.setOut(new PrintStream(behind, true, StandardCharsets.UTF_8));
            try {
                run = CliRun.run(env, dir, e.getValue().toArray(String[]::new));
            } finally {
                System.setOut(real);
            }
            assertThat(run.out).as(e.getKey() + ": " + run).isNotBlank();
            assertThat(LauncherTest.strict().readTree(run.out).isContainerNode()).as(e.getKey()).isTrue();
            assertThat(behind.toString(StandardCharsets.UTF_8)).as(e.getKey() + " wrote to System.out").isEmpty();
        }
    }

    /** Every command (space-separated path) in the tree with a {@code --json} option. */
    private static List<String> jsonCommands(CommandLine cli, String prefix) {
        List<String> out = new ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            String path = (prefix + " " + name).trim();
            if (sub.getCommandSpec().findOption("--json") != null) {
                out.add(path);
            }
            out.addAll(jsonCommands(sub, path));
        });
        return out;
    }

    private List<String> argsFor(String command) {
        return switch (command) {
            case "restore" -> List.of("--snapshot", "latest");
            case "scan" -> List.of(dir.resolve("src").toString());
            case "check" -> List.of("--stage", "post-live", "--source", dir.resolve("src").toString());
            case "prune" -> List.of("--dry-run");
            default -> List.of();
        };
    }
}
