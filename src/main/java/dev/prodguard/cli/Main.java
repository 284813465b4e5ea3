package dev.prodguard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.prodguard.bench.BenchCommand;
import dev.prodguard.config.Secrets;
import dev.prodguard.demo.DemoCommand;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code prodguard} command: global options, the core subcommands, and the exit-code mapper. The entry point
 * ({@code dev.prodguard.Prodguard}) adds the demo's and the bench's commands, which live in their own packages
 * so that nothing here imports them.
 */
@Command(name = "prodguard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Makes a production MongoDB database impossible to lose.",
        footer = {"", "Configuration comes from MONGO_URL, DB_NAME, PRODUCTION and PRODGUARD_* variables,",
            "a .env file, and prodguard.yml. Secrets are never taken from the command line."})
public final class Main implements Runnable {
    private final CliContext ctx;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show debug logs and stack traces (secrets stay masked).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Main(CliContext ctx) {
        this.ctx = ctx;
    }

    public CliContext ctx() {
        return ctx;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The core commands. */
    private static final List<Class<?>> COMMANDS = List.of(
            CommandLine.HelpCommand.class, RunCommand.class, DevDbCommand.class, GateCommand.class,
            ScanCommand.class, RolesCommand.class, AlertsCommand.class, DoctorCommand.class, BackupCommand.class,
            ListCommand.class, StatusCommand.class, RestoreCommand.class, VerifyCommand.class, ExportCommand.class,
            CheckCommand.class, PruneCommand.class, CaptureCommand.class);

    /** The order in which {@code --help} lists the commands (a command missing here comes last). */
    private static final List<String> HELP_ORDER = List.of("help", "demo", "run", "dev-db", "gate", "scan", "roles",
            "alerts", "doctor", "backup", "list", "status", "restore", "verify", "export", "bench", "check", "prune",
            "capture");

    /** Runs the core commands in-process and returns the exit code; nothing here calls System.exit. */
    public static int run(CliContext ctx, String... args) {
        return run(ctx, List.of(), args);
    }

    /** Runs with {@code more} commands beside the core ones (classes annotated with {@code @Command}). */
    public static int run(CliContext ctx, List<Class<?>> more, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        setLogLevel(verbose);
        CommandLine cli = commandLine(ctx, more);
        cli.setOut(new java.io.PrintWriter(ctx.out(), true));
        cli.setErr(new java.io.PrintWriter(ctx.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            ctx.error("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ctx.err());
            ctx.err().println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ErrorCode.USAGE.exitCode();
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ctx, ex, verbose));
        return cli.execute(args);
    }

    /** The command line with the core commands and {@code more}, in help order (not yet configured to run). */
    public static CommandLine commandLine(CliContext ctx, List<Class<?>> more) {
        CommandLine cli = new CommandLine(new Main(ctx));
        List<Class<?>> commands = new ArrayList<>(COMMANDS);
        commands.addAll(more);
        commands.sort(Comparator.comparingInt(c -> helpPosition(c.getAnnotation(Command.class).name())));
        commands.forEach(cli::addSubcommand);
        return cli;
    }

    private static int helpPosition(String name) {
        int i = HELP_ORDER.indexOf(name);
        return i < 0 ? HELP_ORDER.size() : i;
    }

    /** Whether {@code --verbose} was given (debug logs and stack traces). */
    public boolean verbose() {
        return verbose;
    }

    static int handle(CliContext ctx, Exception ex, boolean verbose) {
        Throwable t = ex;
        if (t instanceof ProdguardException pe) {
            ctx.error("error: " + pe.getMessage());
            if (verbose && pe.getCause() != null) {
                printTrace(ctx, pe);
            }
            return pe.code().exitCode();
        }
        if (t instanceof CommandLine.ParameterException pe) {
            ctx.error("error: " + pe.getMessage());
            return ErrorCode.USAGE.exitCode();
        }
        if (t instanceof InterruptedException) {
            ctx.error("error: interrupted");
            return ErrorCode.INTERRUPTED.exitCode();
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
        ctx.error("error: internal error (" + what + "); run again with --verbose and report it");
        if (verbose) {
            printTrace(ctx, t);
        }
        return ErrorCode.INTERNAL.exitCode();
    }

    private static void printTrace(CliContext ctx, Throwable t) {
        java.io.StringWriter sw = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(sw));
        ctx.err().print(Secrets.scrub(sw.toString()));
        ctx.err().flush();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void setLogLevel(boolean verbose) {
        if (LoggerFactory.getLogger("dev.prodguard") instanceof Logger l) {
            l.setLevel(verbose ? Level.DEBUG : Level.WARN);
        }
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"prodguard " + (v == null ? "dev" : v)};
        }
    }
}
