package dev.prodguard.monitor;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Path;
import dev.prodguard.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Monitoring history in an embedded SQLite file ({@code monitor.db} in the state directory), so it
 * survives guardian restarts. Retention is bounded: raw samples are kept for {@link #RAW_DAYS}
 * days; older ones are folded into hourly roll-ups (sum, min, max, count) kept for
 * {@link #ROLLUP_DAYS} days, then deleted. {@link #series} reads both transparently.
 */
public final class SampleStore implements AutoCloseable {
    /** The file name under the state directory. */
    public static final String FILE_NAME = "monitor.db";
    /** Days of raw samples (a monthly report and a margin). */
    public static final int RAW_DAYS = 35;
    /** Days of hourly roll-ups (quarterly and yearly comparisons). */
    public static final int ROLLUP_DAYS = 400;

    /** What one retention pass did. */
    public record RetentionResult(int rawRolledUp, int rollupsDeleted) {}

    private final Path file;
    private final Connection db;
    private final Duration rawKeep;
    private final Duration rollupKeep;

    private SampleStore(Path file, Connection db, Duration rawKeep, Duration rollupKeep) {
        this.file = file;
        this.db = db;
        this.rawKeep = rawKeep;
        this.rollupKeep = rollupKeep;
    }

    /** Opens (creating when missing) {@code monitor.db} in {@code stateDir}. @throws ProdguardException STORAGE */
    public static SampleStore open(Path stateDir) {
        return open(stateDir, Duration.ofDays(RAW_DAYS), Duration.ofDays(ROLLUP_DAYS));
    }

    /** Opens the store with explicit retention periods. @throws ProdguardException STORAGE */
    public static SampleStore open(Path stateDir, Duration rawKeep, Duration rollupKeep) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Connection c = StateDatabase.open(stateDir, FILE_NAME);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS samples (metric TEXT NOT NULL, subject TEXT NOT NULL,"
                        + " at INTEGER NOT NULL, value REAL NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS samples_series ON samples(metric, subject, at)");
                s.execute("CREATE INDEX IF NOT EXISTS samples_at ON samples(at)");
                s.execute("CREATE TABLE IF NOT EXISTS hourly (metric TEXT NOT NULL, subject TEXT NOT NULL,"
                        + " hour INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,"
                        + " n INTEGER NOT NULL, PRIMARY KEY (metric, subject, hour))");
            }
            return new SampleStore(file, c, rawKeep, rollupKeep);
        } catch (SQLException e) {
            throw storage("open", file, e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Appends samples in one transaction. */
    public synchronized void add(List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        try {
            db.setAutoCommit(false);
            try (PreparedStatement p = db.prepareStatement("INSERT INTO samples VALUES (?, ?, ?, ?)")) {
                for (Sample s : samples) {
                    p.setString(1, s.metric());
                    p.setString(2, s.subject());
                    p.setLong(3, s.at().toEpochMilli());
                    p.setDouble(4, s.value());
                    p.addBatch();
                }
                p.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw storage("write to", file, e);
        } finally {
            autoCommit();
        }
    }

    /** The series of a metric and subject in {@code [from, to)}, oldest first: roll-ups, then raw samples. */
    public synchronized List<SeriesPoint> series(String metric, String subject, Instant from, Instant to) {
        List<SeriesPoint> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT hour, sum, min, max, n FROM hourly WHERE metric = ?"
                + " AND subject = ? AND hour >= ? AND hour < ? ORDER BY hour")) {
            bind(p, metric, subject, from, to);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long n = r.getLong(5);
                    out.add(new SeriesPoint(Instant.ofEpochMilli(r.getLong(1)), r.getDouble(2) / n, r.getDouble(3),
                            r.getDouble(4), n));
                }
            }
        } catch (SQLException e) {
            throw storage("read", file, e);
        }
        try (PreparedStatement p = db.prepareStatement("SELECT at, value FROM samples WHERE metric = ?"
                + " AND subject = ? AND at >= ? AND at < ? ORDER BY at")) {
            bind(p, metric, subject, from, to);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double v = r.getDouble(2);
                    out.add(new SeriesPoint(Instant.ofEpochMilli(r.getLong(1)), v, v, v, 1));
                }
            }
        } catch (SQLException e) {
            throw storage("read", file, e);
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    /** The most recent raw sample of a metric and subject. */
    public synchronized Optional<Sample> latest(String metric, String subject) {
        try (PreparedStatement p = db.prepareStatement("SELECT at, value FROM samples WHERE metric = ? AND subject = ?"
                + " ORDER BY at DESC LIMIT 1")) {
            p.setString(1, metric);
            p.setString(2, subject);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Sample(metric, subject, Instant.ofEpochMilli(r.getLong(1)),
                        r.getDouble(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw storage("read", file, e);
        }
    }

    /** The subjects recorded for a metric (e.g. every collection with a growth series), sorted. */
    public synchronized List<String> subjects(String metric) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT subject FROM samples WHERE metric = ? UNION"
                + " SELECT subject FROM hourly WHERE metric = ? ORDER BY 1")) {
            p.setString(1, metric);
            p.setString(2, metric);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw storage("read", file, e);
        }
    }

    /**
     * Folds raw samples older than the raw retention (cut at a whole hour) into hourly roll-ups and
     * deletes roll-ups older than the roll-up retention; one transaction.
     */
    public synchronized RetentionResult applyRetention(Instant now) {
        long rawCut = now.minus(rawKeep).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        long rollupCut = now.minus(rollupKeep).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        try {
            db.setAutoCommit(false);
            int rolled;
            try (PreparedStatement p = db.prepareStatement("INSERT INTO hourly (metric, subject, hour, sum, min, max, n)"
                    + " SELECT metric, subject, (at / 3600000) * 3600000, SUM(value), MIN(value), MAX(value), COUNT(*)"
                    + " FROM samples WHERE at < ? GROUP BY metric, subject, (at / 3600000)"
                    + " ON CONFLICT (metric, subject, hour) DO UPDATE SET sum = sum + excluded.sum,"
                    + " min = MIN(min, excluded.min), max = MAX(max, excluded.max), n = n + excluded.n")) {
                p.setLong(1, rawCut);
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("DELETE FROM samples WHERE at < ?")) {
                p.setLong(1, rawCut);
                rolled = p.executeUpdate();
            }
            int deleted;
            try (PreparedStatement p = db.prepareStatement("DELETE FROM hourly WHERE hour < ?")) {
                p.setLong(1, rollupCut);
                deleted = p.executeUpdate();
            }
            db.commit();
            return new RetentionResult(rolled, deleted);
        } catch (SQLException e) {
            rollback();
            throw storage("prune", file, e);
        } finally {
            autoCommit();
        }
    }

    private static void bind(PreparedStatement p, String metric, String subject, Instant from, Instant to)
            throws SQLException {
        p.setString(1, metric);
        p.setString(2, subject);
        p.setLong(3, from.toEpochMilli());
        p.setLong(4, to.toEpochMilli());
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original error is the one to report
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    private static ProdguardException storage(String verb, Path file, SQLException e) {
        return new ProdguardException(ErrorCode.STORAGE, "cannot " + verb + " the monitoring history " + file + ": "
                + e.getMessage() + "; check that PRODGUARD_STATE_DIR is writable and the disk is not full", e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // nothing left to write
        }
    }
}
