package dev.prodguard.checklist;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.repo.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the checklist items look at: the sealed settings, the source tree to scan, the clock, the
 * host name (recorded by gate), how to open the backup repository, and the source scan shared by
 * the items that read it (run once).
 */
public final class CheckContext {
    private final Settings settings;
    private final Path source;
    private final Clock clock;
    private final String hostName;
    private final Supplier<Repository> repository;
    private final SourceScan sourceScan;

    /**
     * @param source the directory holding the application's source (a git work tree, usually)
     * @param repository opens the existing backup repository (throws ProdguardException when it cannot)
     */
    public CheckContext(Settings settings, Path source, Clock clock, String hostName, Supplier<Repository> repository) {
        this.settings = settings;
        this.source = source;
        this.clock = clock;
        this.hostName = hostName;
        this.repository = repository;
        this.sourceScan = new SourceScan(source, settings);
    }

    public Settings settings() {
        return settings;
    }

    public Path source() {
        return source;
    }

    public Clock clock() {
        return clock;
    }

    public String hostName() {
        return hostName;
    }

    /** PRODGUARD_CONNECT_TIMEOUT_MS. */
    public int timeoutMs() {
        return settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS);
    }

    /** Opens the backup repository; the caller closes it. */
    public Repository openRepository() {
        return repository.get();
    }

    /** The source scan, run on first use and shared. */
    SourceScan.Result sourceScan() {
        return sourceScan.result();
    }
}
