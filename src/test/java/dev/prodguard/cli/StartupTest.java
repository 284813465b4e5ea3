package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Subprocess;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 point 1: what a process loads before it does its job. Start-up is timed by the harness and the
 * launcher's measurements, never here; these tests pin the causes: no Logback for {@code --version} and
 * {@code --help}, no XML configuration (Joran, {@code java.xml}) when logging starts, and only the subcommand
 * the command line names is built, with the help text and errors of the whole tree unchanged.
 */
class StartupTest {
    @TempDir
    Path dir;

    @Test
    void versionAndHelpLoadNoLoggingAndNoSubcommandModel() throws Exception {
        for (String arg : List.of("--version", "--help", "-hV")) {
            Subprocess.Result r = Subprocess.run(Subprocess.prodguard(Map.of(), dir, List.of("-verbose:class"), arg), 60);
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> loaded = loaded(r.out());
            assertThat(loaded).as(arg).isNotEmpty().noneMatch(c -> c.startsWith("ch.qos.logback") || c.startsWith("org.slf4j"));
            // building gate's model resolves the type of its --mark option; --version and --help build only the root's
            assertThat(loaded).as(arg).contains("dev.prodguard.cli.GateCommand").doesNotContain("dev.prodguard.gate.Environment");
            if (!arg.equals("--version")) { // picocli's converters for types no option has are not registered
                assertThat(loaded).as(arg).contains("picocli.CommandLine$Interpreter").doesNotContain("java.sql.Timestamp", "java.time.MonthDay");
            }
        }
    }

    /** The converters left out at start-up ({@link Main#EXCLUDED_CONVERTERS}) are for types no option or parameter has. */
    @Test
    void noOptionHasATypeWhoseConverterIsLeftOut() {
        java.util.regex.Pattern excluded = java.util.regex.Pattern.compile(Main.EXCLUDED_CONVERTERS);
        List<String> types = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(List.of(dev.prodguard.Prodguard.commandLine(CliContext.system())));
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            for (picocli.CommandLine.Model.ArgSpec a : c.getCommandSpec().args()) {
                types.add(a.type().getName());
                for (Class<?> aux : a.auxiliaryTypes()) {
                    types.add(aux.getName());
                }
            }
        }
        assertThat(types).hasSizeGreaterThan(100).contains("java.nio.file.Path", "java.lang.String")
                .noneMatch(t -> excluded.matcher(t).matches());
        assertThat(excluded.matcher("java.time.Duration").matches()).isTrue();
        assertThat(excluded.matcher("java.sql.Timestamp").matches()).isTrue();
    }

    @Test
    void loggingStartsWithoutParsingXml() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Subprocess.Result r = Subprocess.run(Subprocess.prodguard(Map.of("MONGO_URL", "mongodb://127.0.0.1:" + closed + "/",
                "DB_NAME", "shop", "PRODGUARD_CONNECT_TIMEOUT_MS", "300"), dir, List.of("-verbose:class"), "gate", "--verbose"), 60);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        List<String> loaded = loaded(r.out());
        assertThat(loaded).as("logging ran").contains("ch.qos.logback.classic.LoggerContext", "dev.prodguard.cli.LogSetup");
        // Joran (Logback's XML configurator), its models, and the JDK's XML parser
        assertThat(loaded).noneMatch(c -> c.startsWith("ch.qos.logback.classic.joran") || c.startsWith("ch.qos.logback.core.joran.event")
                || c.startsWith("ch.qos.logback.core.model") || c.startsWith("javax.xml") || c.startsWith("com.sun.org.apache.xerces"));
        assertThat(r.err()).as("errors as one line, no status dump").contains("error: cannot reach the database")
                .doesNotContain("|-INFO").doesNotContain("logback");
    }

    @Test
    void helpListsEveryCommandAsTheWholeTreeDoes() {
        CliRun lazy = CliRun.run(Map.of(), dir, "--help");
        java.io.StringWriter whole = new java.io.StringWriter();
        picocli.CommandLine full = dev.prodguard.Prodguard.commandLine(CliContext.system());
        full.setOut(new java.io.PrintWriter(whole, true));
        full.usage(new java.io.PrintWriter(whole, true));
        assertThat(lazy.exitCode).isZero();
        assertThat(lazy.out).isEqualTo(whole.toString());
        for (Class<?> c : Main.COMMANDS) {
            assertThat(lazy.out).contains("  " + c.getAnnotation(picocli.CommandLine.Command.class).name() + " ");
        }
    }

    @Test
    void versionAloneIsPrintedAsPicocliPrintsIt() {
        java.io.StringWriter viaPicocli = new java.io.StringWriter();
        dev.prodguard.Prodguard.commandLine(CliContext.system()).printVersionHelp(new java.io.PrintWriter(viaPicocli, true));
        for (String flag : List.of("--version", "-V")) {
            CliRun run = CliRun.run(Map.of(), dir, flag);
            assertThat(run.exitCode).isZero();
            assertThat(run.out).isEqualTo(viaPicocli.toString()).startsWith("prodguard ");
            assertThat(run.err).isEmpty();
        }
        CliRun combined = CliRun.run(Map.of(), dir, "--verbose", "--version"); // picocli's own path
        assertThat(combined.out).isEqualTo(viaPicocli.toString());
    }

    @Test
    void theNamedCommandIsBuiltWithInheritedOptionsAndTyposStillGetSuggestions() {
        assertThat(Main.commandLine(CliContext.system(), List.of(), "gate", "--json").getSubcommands().keySet()).containsExactly("gate");
        for (String[] args : List.of(new String[] {"gate", "--verbose", "--json"}, new String[] {"--verbose", "gate", "--json"})) {
            CliRun run = CliRun.run(Map.of(), dir, args);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(3); // parsed; stopped at the missing MONGO_URL
            assertThat(run.out + run.err).contains("MONGO_URL");
        }
        CliRun typo = CliRun.run(Map.of(), dir, "gatte");
        assertThat(typo.exitCode).isEqualTo(2);
        assertThat(typo.err).contains("Did you mean: prodguard gate");
        CliRun none = CliRun.run(Map.of(), dir);
        assertThat(none.exitCode).isZero(); // bare prodguard: where to start (HelpGoldenTest pins the text)
        assertThat(none.out).contains("prodguard help <command>");
        CliRun help = CliRun.run(Map.of(), dir, "help", "roles");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("Usage: prodguard roles").contains("plan");
        CliRun nested = CliRun.run(Map.of(), dir, "roles", "plan", "--help");
        assertThat(nested.out).contains("Usage: prodguard roles plan");
    }

    @Test
    void theRootBuiltInCodeBindsVerboseWhereverItIsGivenAndKeepsTheStandardHelpOptions() {
        for (List<String> args : List.of(List.of("doctor", "--verbose"), List.of("--verbose", "doctor"), List.of("doctor"))) {
            picocli.CommandLine cli = Main.commandLine(CliContext.system(), List.of(), args.toArray(String[]::new));
            picocli.CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            DoctorCommand doctor = (DoctorCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(doctor.root).as("the parent command picocli injects").isSameAs(cli.getCommandSpec().userObject());
            assertThat(doctor.root.verbose).as(String.join(" ", args)).isEqualTo(args.contains("--verbose"));
        }
        for (String flag : List.of("-h", "--help")) {
            assertThat(Main.commandLine(CliContext.system(), List.of(), flag).parseArgs(flag).isUsageHelpRequested()).isTrue();
        }
        for (String flag : List.of("-V", "--version")) {
            assertThat(Main.commandLine(CliContext.system(), List.of(), flag).parseArgs(flag).isVersionHelpRequested()).isTrue();
        }
    }

    /** The class names in {@code -verbose:class} output. */
    static List<String> loaded(String verboseClassOutput) {
        return verboseClassOutput.lines().filter(l -> l.startsWith("[") && l.contains("[class,load]"))
                .map(l -> l.substring(l.indexOf("[class,load]") + 13).split(" ")[0]).toList();
    }
}
