package dev.prodguard;

import dev.prodguard.bench.BenchCommand;
import dev.prodguard.cli.CliContext;
import dev.prodguard.cli.Main;
import dev.prodguard.cli.StartupTraining;
import dev.prodguard.demo.DemoCommand;
import java.util.List;
import picocli.CommandLine;

/**
 * The program's entry point: every command. It is the one class that names the demo's and the bench's
 * commands, the leaves of the layers in docs/architecture.md (they use the CLI; nothing else uses them).
 */
public final class Prodguard {
    /** The commands beside the core ones {@link Main} lists. */
    private static final List<Class<?>> LEAVES = List.of(DemoCommand.class, BenchCommand.class);

    private Prodguard() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        if (Boolean.getBoolean(StartupTraining.PROPERTY)) {
            System.exit(StartupTraining.run(LEAVES) > 0 ? 0 : 1); // the launcher's class-data archive training run
        }
        System.exit(run(CliContext.system(), args));
    }

    /** Every command, in help order (for tests and tools that walk the commands). */
    public static CommandLine commandLine(CliContext ctx) {
        return Main.commandLine(ctx, LEAVES);
    }

    /** Runs prodguard in-process, every command included, and returns the exit code; nothing here calls System.exit. */
    public static int run(CliContext ctx, String... args) {
        return Main.run(ctx, LEAVES, args);
    }
}
