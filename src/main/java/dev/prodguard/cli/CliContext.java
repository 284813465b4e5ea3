package dev.prodguard.cli;

import dev.prodguard.config.PrivateFiles;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command needs from the outside world: environment, working directory, output streams and
 * clock. Injected so that tests run commands in-process with their own environment.
 */
public final class CliContext {
    private final Map<String, String> env;
    private final Path workDir;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final boolean interactive;
    private Settings settings;
    private java.util.function.UnaryOperator<dev.prodguard.repo.Storage> storageView = s -> s;

    public CliContext(Map<String, String> env, Path workDir, Path home, PrintStream out, PrintStream err,
            Clock clock, boolean interactive) {
        this.env = env;
        this.workDir = workDir;
        this.home = home;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.interactive = interactive;
    }

    /** The real process: System env, current directory, System.out/err, the system clock. */
    public static CliContext system() {
        return new CliContext(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                System.out, System.err, Clock.systemUTC(), System.console() != null);
    }

    /** The configuration, loaded and validated on first use; warnings go to stderr once. */
    public Settings settings() {
        if (settings == null) {
            SettingsLoader loader = new SettingsLoader(env, workDir, home);
            settings = loader.load();
            PrivateFiles.configure(settings);
            for (String w : loader.warnings()) {
                warn(w);
            }
        }
        return settings;
    }

    /** Prints a line of output (stdout), secrets scrubbed. */
    public void println(String line) {
        out.println(Secrets.scrub(line));
        out.flush();
    }

    /** Prints a warning line (stderr), secrets scrubbed. */
    public void warn(String line) {
        err.println("warning: " + Secrets.scrub(line));
        err.flush();
    }

    /** Prints a warning that must not be missed (stderr, starting with WARNING:), secrets scrubbed. */
    public void loudWarning(String line) {
        err.println("WARNING: " + Secrets.scrub(line));
        err.flush();
    }

    /** Prints an error line (stderr), secrets scrubbed. */
    public void error(String line) {
        err.println(Secrets.scrub(line));
        err.flush();
    }

    /** This machine's name for markers and lock holders: $HOSTNAME, else the resolver's answer. */
    public String hostName() {
        String h = env.get("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /**
     * Test seam: how commands see the repository's storage (e.g. one that refuses every write, as a read-only
     * mount does even for root, whom permission bits do not stop).
     */
    public CliContext storageView(java.util.function.UnaryOperator<dev.prodguard.repo.Storage> view) {
        this.storageView = view;
        return this;
    }

    /** The storage of the repository the settings point at, as commands see it. */
    public dev.prodguard.repo.Storage repositoryStorage() {
        return storageView.apply(dev.prodguard.repo.RepositoryFactory.storage(settings()));
    }

    public Map<String, String> env() {
        return env;
    }

    public Path workDir() {
        return workDir;
    }

    public Path home() {
        return home;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    /** True when a person is at a terminal (progress bars, colours). */
    public boolean interactive() {
        return interactive;
    }
}
