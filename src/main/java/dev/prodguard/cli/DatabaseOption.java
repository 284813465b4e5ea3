package dev.prodguard.cli;

import picocli.CommandLine.Option;

/** The shared {@code --db} option: which database's snapshots and history a command reads (default DB_NAME). */
public final class DatabaseOption {
    @Option(names = "--db", paramLabel = "NAME",
            description = "The database whose snapshots and history to use (default: DB_NAME); 'latest' is per database.")
    String db;

    /** The database named by --db, or DB_NAME. */
    String name(CliContext ctx) {
        if (db != null) {
            dev.prodguard.config.DatabaseNames.check(db, "--db");
            return db;
        }
        return ctx.settings().dbName();
    }
}
