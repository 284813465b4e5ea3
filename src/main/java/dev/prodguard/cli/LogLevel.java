package dev.prodguard.cli;

import java.util.function.Consumer;

/**
 * prodguard's own log level, DEBUG with {@code --verbose} and WARN otherwise: applied at once when
 * logging runs already, otherwise by {@link LogSetup} when something first logs, so that setting it
 * starts nothing (and loads no Logback class).
 */
final class LogLevel {
    private static boolean verbose;
    private static Consumer<Boolean> apply;

    private LogLevel() {}

    /** Sets the level for this process's commands from now on. */
    static synchronized void verbose(boolean on) {
        verbose = on;
        if (apply != null) {
            apply.accept(on);
        }
    }

    /** Called once logging is configured: {@code setter} applies the level now and at every later change. */
    static synchronized void configured(Consumer<Boolean> setter) {
        apply = setter;
        setter.accept(verbose);
    }
}
