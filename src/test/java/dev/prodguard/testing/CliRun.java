package dev.prodguard.testing;

import dev.prodguard.Prodguard;
import dev.prodguard.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the prodguard CLI in-process with its own environment and captures what it prints. */
public final class CliRun {
    public final int exitCode;
    public final String out;
    public final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /** Runs with exactly the given environment (nothing from the real one) in {@code workDir}. */
    public static CliRun run(Map<String, String> env, Path workDir, String... args) {
        return run(env, workDir, Clock.systemUTC(), args);
    }

    public static CliRun run(Map<String, String> env, Path workDir, Clock clock, String... args) {
        return run(env, workDir, clock, s -> s, args);
    }

    /** Runs with the repository's storage seen through {@code storage} (e.g. {@link ReadOnlyStorage}). */
    public static CliRun run(Map<String, String> env, Path workDir, java.util.function.UnaryOperator<dev.prodguard.repo.Storage> storage,
            String... args) {
        return run(env, workDir, Clock.systemUTC(), storage, args);
    }

    private static CliRun run(Map<String, String> env, Path workDir, Clock clock,
            java.util.function.UnaryOperator<dev.prodguard.repo.Storage> storage, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(new HashMap<>(env), workDir, workDir.resolve("home"), o, e, clock, false)
                .storageView(storage);
        int code = Prodguard.run(ctx, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Everything printed, stdout then stderr. */
    public String all() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
