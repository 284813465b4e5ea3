package dev.prodguard.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.Prodguard;
import dev.prodguard.cli.CliContext;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code --help} of every command and subcommand, and bare {@code prodguard}, pinned in golden files
 * (src/test/resources/golden/help-*.txt), plus what every help text must have: a summary that is a complete
 * sentence, an Examples section, no word split by wrapping.
 */
class HelpGoldenTest {
    @TempDir
    static Path dir;

    /** Every command path below the root, e.g. ["alerts", "list"], in help order. */
    static List<List<String>> commandPaths() {
        CliContext ctx = new CliContext(Map.of(), dir, dir, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC(), false);
        List<List<String>> out = new ArrayList<>();
        walk(Prodguard.commandLine(ctx), new ArrayList<>(), out);
        return out;
    }

    private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            walk(e.getValue(), p, out);
        }
    }

    static String help(String... path) {
        String[] args = Stream.concat(Stream.of(path), Stream.of("--help")).toArray(String[]::new);
        CliRun r = CliRun.run(Map.of(), dir, args);
        assertThat(r.exitCode).as("prodguard %s --help: %s", String.join(" ", path), r).isZero();
        assertThat(r.err).isEmpty();
        return r.out;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandsHelpIsPinned() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("alerts test", "alerts list", "roles plan", "demo wipe", "capture", "dev-db", "bench", "help");
        return paths.stream().map(p -> DynamicTest.dynamicTest(String.join(" ", p), () -> {
            String text = help(p.toArray(String[]::new));
            Golden.assertMatches("help-" + String.join("-", p) + ".txt", text);
        }));
    }

    /** The command at {@code path} in the whole tree (every command built). */
    private static CommandLine command(List<String> path) {
        CliContext ctx = new CliContext(Map.of(), dir, dir, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC(), false);
        CommandLine c = Prodguard.commandLine(ctx);
        for (String name : path) {
            c = c.getSubcommands().get(name);
        }
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everySummaryIsACompleteSentence() {
        return commandPaths().stream().map(p -> DynamicTest.dynamicTest(String.join(" ", p), () -> {
            CommandLine.Model.UsageMessageSpec usage = command(p).getCommandSpec().usageMessage();
            // picocli lists the header, or else the description's first element, as the command's summary
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(summary).as("summary of %s", p).isNotEmpty();
            assertThat(summary[0]).as("summary of %s: one whole sentence", p).matches("[A-Z][^\\n]*[^,:;\\s]\\.");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandHasExamplesThatParse() {
        return commandPaths().stream().map(p -> DynamicTest.dynamicTest(String.join(" ", p), () -> {
            String text = help(p.toArray(String[]::new));
            int at = text.indexOf("\nExamples:\n");
            assertThat(at).as("an Examples section in the help of %s:%n%s", p, text).isPositive();
            List<String> examples = text.substring(at + "\nExamples:\n".length()).lines()
                    .takeWhile(l -> l.startsWith("  ")).map(String::strip).toList();
            assertThat(examples).as("examples of %s", p).hasSizeBetween(2, 3);
            for (String example : examples) {
                List<String> words = new ArrayList<>(List.of(example.split("( &&| \\|)", 2)[0].split(" +")));
                while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
                    words.remove(0); // an environment assignment before the command
                }
                assertThat(words.remove(0)).as(example).isEqualTo("prodguard");
                CommandLine root = command(List.of()).setCaseInsensitiveEnumValuesAllowed(true); // as Main.run does
                List<CommandLine> parsed = root.parseArgs(words.toArray(String[]::new)).asCommandLineList();
                List<String> ran = parsed.stream().skip(1).map(CommandLine::getCommandName).toList();
                assertThat(ran).as("the command that example runs: %s", example).startsWith(p.toArray(String[]::new));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> wrappingNeverSplitsAWord() {
        return Stream.concat(Stream.of(List.<String>of()), commandPaths().stream()).map(p -> DynamicTest.dynamicTest(
                p.isEmpty() ? "prodguard" : String.join(" ", p), () -> {
            java.util.Set<String> shown = new java.util.HashSet<>(List.of(help(p.toArray(String[]::new)).split("\\s+")));
            CommandLine.Model.CommandSpec spec = command(p).getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            spec.options().forEach(o -> texts.addAll(List.of(o.description())));
            spec.positionalParameters().forEach(o -> texts.addAll(List.of(o.description())));
            List<String> split = new ArrayList<>();
            for (String t : texts) {
                for (String word : t.split("\\s+")) {
                    if (!word.isEmpty() && !word.contains("%") && !word.contains("${") && !shown.contains(word)) {
                        split.add(word); // not a format or a variable picocli replaces, and not shown whole
                    }
                }
            }
            assertThat(split).as("words of the help of %s that wrapping split", p).isEmpty();
        }));
    }

    @Test
    void theRootsHelpIsPinned() {
        Golden.assertMatches("help-prodguard.txt", help());
    }

    @Test
    void versionIsTheBuildsVersionFromPomXml() throws java.io.IOException {
        String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<artifactId>prodguard</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("the project's version in pom.xml").isTrue();
        for (String flag : List.of("--version", "-V")) {
            CliRun r = CliRun.run(Map.of(), dir, flag);
            assertThat(r.exitCode).isZero();
            assertThat(r.out).isEqualTo("prodguard " + m.group(1) + System.lineSeparator()).doesNotContain("dev");
        }
    }

    @Test
    void bareProdguardPrintsWhereToStart() {
        CliRun r = CliRun.run(Map.of(), dir);
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).contains("prodguard doctor", "prodguard gate", "prodguard backup", "prodguard run",
                "prodguard restore --snapshot latest --dry-run", "prodguard demo", "prodguard help <command>");
        assertThat(r.out.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        Golden.assertMatches("start-here.txt", r.out);
    }
}
