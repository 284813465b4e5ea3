package dev.prodguard.cli;

import dev.prodguard.config.Secrets;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code prodguard} command: global options, the core subcommands, and the exit-code mapper. The entry point
 * ({@code dev.prodguard.Prodguard}) adds the demo's and the bench's commands, which live in their own packages
 * so that nothing here imports them. Only the subcommand a command line names is built (picocli reads a command's options by reflection,
 * and building all of them cost a third of the start-up); {@code --help} lists the others by the name
 * and description of their {@code @Command} annotations. The root itself is built in code ({@link #rootSpec}):
 * reading its annotations made the JDK generate proxy classes for two more annotation types ({@code Option} and
 * {@code Spec}) in every process.
 */
public final class Main implements Runnable {
    /** What bare {@code prodguard} prints: what it is, the quick start of the README, and where to read on. */
    static final List<String> START_HERE = List.of(
            "prodguard protects a production MongoDB database: it checks that your",
            "application points at the right database, backs it up continuously into a",
            "repository you own, proves that the backups restore, and tells you when data",
            "is wiped.",
            "",
            "Start here, with MONGO_URL, DB_NAME, PRODUCTION and PRODGUARD_REPO set:",
            "  prodguard doctor                               connection, then repository",
            "  prodguard gate --mark production               once: mark it as production",
            "  prodguard backup                               a first snapshot",
            "  prodguard run                                  the guardian; keep it running",
            "  prodguard restore --snapshot latest --dry-run  what a restore would do",
            "",
            "See it work on a throwaway database first:  prodguard demo",
            "Every command:                              prodguard --help",
            "One command in depth:                       prodguard help <command>");
    /** The core commands. */
    static final List<Class<?>> COMMANDS = List.of(
            CommandLine.HelpCommand.class, RunCommand.class, DevDbCommand.class, GateCommand.class,
            ScanCommand.class, RolesCommand.class, AlertsCommand.class, DoctorCommand.class, BackupCommand.class,
            ListCommand.class, StatusCommand.class, RestoreCommand.class, VerifyCommand.class, ExportCommand.class,
            CheckCommand.class, PruneCommand.class, CaptureCommand.class, ReportCommand.class);

    /** The order in which {@code --help} lists the commands (a command missing here comes last). */
    private static final List<String> HELP_ORDER = List.of("help", "demo", "run", "dev-db", "gate", "scan", "roles",
            "alerts", "doctor", "backup", "list", "status", "restore", "verify", "export", "bench", "check", "prune",
            "capture", "report");

    private final CliContext ctx;

    /** The root's description, first line of its usage help. */
    static final String DESCRIPTION = "Protect a production MongoDB database so that it cannot be lost.";
    /** The root's usage help footer. */
    static final String[] FOOTER = {"", "Configuration comes from MONGO_URL, DB_NAME, PRODUCTION and PRODGUARD_* variables, a .env file, "
            + "and prodguard.yml. Secrets are never taken from the command line.",
        "", "Examples:",
        "  prodguard doctor",
        "  prodguard restore --snapshot latest --dry-run",
        "  prodguard help restore"};

    /** {@code --verbose}, on the root or any subcommand (inherited): subcommands read it as {@code root.verbose}. */
    boolean verbose;

    public Main(CliContext ctx) {
        this.ctx = ctx;
    }

    public CliContext ctx() {
        return ctx;
    }

    /** Bare {@code prodguard}: where to start (exit 0; it is a question, not a mistake). */
    @Override
    public void run() {
        START_HERE.forEach(ctx::println);
    }

    /** Runs the core commands in-process and returns the exit code; nothing here calls System.exit. */
    public static int run(CliContext ctx, String... args) {
        return run(ctx, List.of(), args);
    }

    /** Runs with {@code more} commands beside the core ones (classes annotated with {@code @Command}). */
    public static int run(CliContext ctx, List<Class<?>> more, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            ctx.out().println(Version.text()); // what picocli prints for it, without building the command tree
            ctx.out().flush();
            return ErrorCode.OK.exitCode();
        }
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        LogLevel.verbose(verbose);
        excludeUnusedConverters();
        CommandLine cli = commandLine(ctx, more, args);
        cli.setOut(new java.io.PrintWriter(ctx.out(), true));
        cli.setErr(new java.io.PrintWriter(ctx.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        Errors errors = new Errors(ctx, verbose);
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        return cli.execute(args);
    }

    /**
     * What a usage error and a failed command print, and their exit codes. A class, not two lambdas: picocli's handler
     * interfaces are Java 5 class files, which the class-data archive must leave out once a lambda's proxy has linked
     * them at dump time, and then every start loaded them (and picocli's default handlers) from the jar.
     */
    private record Errors(CliContext ctx, boolean verbose)
            implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            ctx.error("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ctx.err());
            ctx.err().println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ErrorCode.USAGE.exitCode();
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            return handle(ctx, ex, verbose);
        }
    }

    /** The types whose picocli converters are left out: no option of prodguard has one ({@code StartupTest} checks). */
    static final String EXCLUDED_CONVERTERS = "java\\.sql\\..*|java\\.time\\..*";

    /**
     * picocli registers its converters for {@code java.sql} and {@code java.time} types at every start by loading and
     * initialising those classes (the date-time ones build their formatters); none is an option type here.
     */
    private static void excludeUnusedConverters() {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", EXCLUDED_CONVERTERS);
        }
    }

    /** The command line with the core commands and {@code more}, every one built, in help order (for tests and tools that walk it). */
    public static CommandLine commandLine(CliContext ctx, List<Class<?>> more) {
        return commandLine(ctx, more, "help");
    }

    /**
     * The command tree for {@code args}: the root with the subcommand {@code args} names built; without one
     * (or with a name that is none), every subcommand as its name and description only, for the usage
     * help and did-you-mean; {@code help} and anything picocli would rewrite ({@code @file}) build them all.
     */
    static CommandLine commandLine(CliContext ctx, List<Class<?>> more, String... args) {
        CommandLine cli = new CommandLine(rootSpec(new Main(ctx)));
        List<Class<?>> commands = new ArrayList<>(COMMANDS);
        commands.addAll(more);
        commands.sort(Comparator.comparingInt(c -> helpPosition(c.getAnnotation(Command.class).name())));
        String named = commandName(args);
        boolean all = named != null && (named.equals("help") || named.startsWith("@"));
        boolean known = false;
        for (Class<?> c : commands) {
            known |= c.getAnnotation(Command.class).name().equals(named);
        }
        for (Class<?> c : commands) {
            Command command = c.getAnnotation(Command.class);
            if (all || command.name().equals(named)) {
                cli.addSubcommand(command.name(), new CommandLine(c));
            } else if (!known) {
                cli.addSubcommand(command.name(), new CommandLine(listing(command)));
            }
        }
        CommandLine help = cli.getSubcommands().get("help");
        if (help != null && help.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
            help.getCommandSpec().usageMessage().footerHeading("%nExamples:%n")
                    .footer("  prodguard help restore", "  prodguard help roles plan");
        }
        return cli;
    }

    /**
     * The root command as its annotations would declare it ({@code mixinStandardHelpOptions}, an inherited
     * {@code --verbose}, a version provider), built in code. {@code --verbose} sets {@link #verbose}, which doctor,
     * check and run read; {@link #run} also looks for it in the arguments, to set the log level before parsing.
     */
    static CommandLine.Model.CommandSpec rootSpec(Main main) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(main)
                .name("prodguard").versionProvider(new Version());
        spec.usageMessage().description(DESCRIPTION).footer(FOOTER);
        // the two options mixinStandardHelpOptions adds, with picocli's own descriptions and resource keys
        spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .descriptionKey("mixinStandardHelpOptions.help").description("Show this help message and exit.").build());
        spec.addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
                .descriptionKey("mixinStandardHelpOptions.version").description("Print version information and exit.").build());
        VerboseField field = new VerboseField(main);
        spec.addOption(CommandLine.Model.OptionSpec.builder("--verbose").scopeType(ScopeType.INHERIT).type(boolean.class)
                .getter(field).setter(field).description("Show debug logs and stack traces (secrets stay masked).").build());
        return spec;
    }

    /** Binds {@code --verbose} to {@link #verbose}, as picocli binds an annotated field (its inherited copies too). */
    private record VerboseField(Main main) implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) Boolean.valueOf(main.verbose);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            T old = (T) Boolean.valueOf(main.verbose);
            main.verbose = Boolean.TRUE.equals(value);
            return old;
        }
    }

    private static int helpPosition(String name) {
        int i = HELP_ORDER.indexOf(name);
        return i < 0 ? HELP_ORDER.size() : i;
    }

    /** The first argument that is not one of the root's options (it has none that take a value), or null. */
    private static String commandName(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return "@"; // what follows is positional: let picocli see every command
            }
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** A subcommand as the root's usage help lists it: its name and description, nothing to run. */
    private static CommandLine.Model.CommandSpec listing(Command command) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(command.name());
        spec.usageMessage().description(command.description()).header(command.header()).hidden(command.hidden());
        return spec;
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

    /**
     * The build's version: the jar manifest's Implementation-Version, else the version Maven wrote into the
     * filtered resource {@code version.properties} (classes run from the build directory, as in tests).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {text()};
        }

        static String text() {
            String v = Main.class.getPackage().getImplementationVersion();
            return "prodguard " + (v != null ? v : fromResource());
        }

        private static String fromResource() {
            try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
                java.util.Properties p = new java.util.Properties();
                if (in != null) {
                    p.load(in);
                }
                String v = p.getProperty("version", "");
                return v.isEmpty() || v.contains("${") ? "(unknown version: built without Maven)" : v;
            } catch (java.io.IOException e) {
                return "(unknown version: " + e.getMessage() + ")";
            }
        }
    }
}
