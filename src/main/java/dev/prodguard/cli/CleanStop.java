package dev.prodguard.cli;

import java.util.function.Supplier;

/**
 * The one shutdown hook of the long-running commands ({@code run}, {@code capture}, {@code demo --keep}): on
 * SIGTERM or Ctrl-C it stops the command cleanly and ends the process with the command's exit code. SIGTERM is
 * how systemd and users stop them, so a clean stop is a success (0), not the JVM's 143.
 */
public final class CleanStop {
    private CleanStop() {}

    /**
     * Registers a hook that runs {@code stop}, then flushes and halts with the code it returns; when it returns
     * null (it could not stop in time) the JVM ends as it would have. Returns the hook for {@link #remove}.
     */
    public static Thread register(String name, CliContext ctx, Supplier<Integer> stop) {
        Thread hook = new Thread(() -> {
            Integer code = stop.get();
            if (code != null) {
                ctx.out().flush();
                ctx.err().flush();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code);
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes the hook after a normal end; false when the process is already shutting down (the hook then runs). */
    public static boolean remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
