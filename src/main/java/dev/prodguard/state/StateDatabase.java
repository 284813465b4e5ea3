package dev.prodguard.state;

import dev.prodguard.config.PrivateFiles;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the SQLite files under PRODGUARD_STATE_DIR (alert history, monitoring samples) the same way. */
public final class StateDatabase {
    private StateDatabase() {}

    /**
     * Creates {@code stateDir} (and the file) when missing, with {@link PrivateFiles}' permissions, and opens {@code stateDir/fileName} in WAL mode with
     * synchronous=NORMAL (survives a crash of prodguard, fsyncs at checkpoints) and a 5 s busy timeout.
     *
     * @throws ProdguardException STORAGE when the directory cannot be created
     * @throws SQLException when the file cannot be opened; callers name their store in the message
     */
    public static Connection open(Path stateDir, String fileName) throws SQLException {
        try {
            PrivateFiles.createDirectories(stateDir);
            PrivateFiles.createIfAbsent(stateDir.resolve(fileName)); // SQLite gives -wal and -shm the same mode
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot create the state directory " + stateDir + " or "
                    + fileName + " in it: " + e.getMessage() + "; set PRODGUARD_STATE_DIR to a writable directory", e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve(fileName));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
