package dev.prodguard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code prodguard} command: global options, the list of subcommands, and the exit-code mapper. */
@Command(name = "prodguard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Makes a production MongoDB database impossible to lose.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            RunCommand.class,
            DevDbCommand.class,
            GateCommand.class,
            ScanCommand.class,
            RolesCommand.class,
            AlertsCommand.class,
            DoctorCommand.class,
            BackupCommand.class,
            ListCommand.class,
            StatusCommand.class,
            RestoreCommand.class,
            VerifyCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            CheckCommand.class,
            PruneCommand.class,
            CaptureCommand.class,
        },
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

    public static void main(String[] args) {
        int code = run(CliContext.system(), args);
        System.exit(code);
    }

    /** Runs prodguard in-process and returns the exit code; nothing here calls System.exit. */
    public static int run(CliContext ctx, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        setLogLevel(verbose);
        CommandLine cli = new CommandLine(new Main(ctx));
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
