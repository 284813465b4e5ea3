package dev.prodguard.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Path;
import dev.prodguard.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alert history in an embedded SQLite file (normally {@code alerts.db} in the state directory), so
 * open alerts stay open, and are not notified again, across guardian restarts. One row per alert;
 * times are ISO-8601 text, details JSON.
 */
public final class SqliteAlertStore implements AlertStore {
    /** The file name under the state directory. */
    public static final String FILE_NAME = "alerts.db";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, key, rule, severity, title, details, state, opened_at, updated_at,"
            + " resolved_at, last_notified_at, raises, flaps, notifications, pending_resolved";

    private final Path file;
    private final Connection db;

    private SqliteAlertStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating when missing) the store in {@code stateDir}. @throws ProdguardException STORAGE */
    public static SqliteAlertStore open(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Connection c = StateDatabase.open(stateDir, FILE_NAME);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " key TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL,"
                        + " details TEXT NOT NULL, state TEXT NOT NULL, opened_at TEXT NOT NULL,"
                        + " updated_at TEXT NOT NULL, resolved_at TEXT, last_notified_at TEXT,"
                        + " raises INTEGER NOT NULL, flaps INTEGER NOT NULL, notifications INTEGER NOT NULL,"
                        + " pending_resolved INTEGER NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS alerts_key ON alerts(key, id)");
                // beside the alerts, not in them: acknowledging changes nothing the notifications read
                s.execute("CREATE TABLE IF NOT EXISTS acknowledgements (alert_id INTEGER PRIMARY KEY, by TEXT NOT NULL,"
                        + " at TEXT NOT NULL)");
            }
            return new SqliteAlertStore(file, c);
        } catch (SQLException e) {
            throw storage("open", file, e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Alert save(Alert a) {
        String sql = a.id() == 0
                ? "INSERT INTO alerts (key, rule, severity, title, details, state, opened_at, updated_at, resolved_at,"
                        + " last_notified_at, raises, flaps, notifications, pending_resolved)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE alerts SET key = ?, rule = ?, severity = ?, title = ?, details = ?, state = ?, opened_at = ?,"
                        + " updated_at = ?, resolved_at = ?, last_notified_at = ?, raises = ?, flaps = ?,"
                        + " notifications = ?, pending_resolved = ? WHERE id = ?";
        try (PreparedStatement p = db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, a.key());
            p.setString(2, a.ruleId());
            p.setString(3, a.severity().name());
            p.setString(4, a.title());
            p.setString(5, JSON.writeValueAsString(a.details()));
            p.setString(6, a.state().name());
            p.setString(7, a.openedAt().toString());
            p.setString(8, a.updatedAt().toString());
            p.setString(9, text(a.resolvedAt()));
            p.setString(10, text(a.lastNotifiedAt()));
            p.setInt(11, a.raises());
            p.setInt(12, a.flaps());
            p.setInt(13, a.notifications());
            p.setInt(14, a.pendingResolvedNotice() ? 1 : 0);
            if (a.id() != 0) {
                p.setLong(15, a.id());
                p.executeUpdate();
                return a;
            }
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return a.withId(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw storage("write to", file, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert details are not JSON-serialisable", e);
        }
    }

    @Override
    public synchronized Optional<Alert> latest(String key) {
        List<Alert> found = query("SELECT " + COLUMNS + " FROM alerts WHERE key = ? ORDER BY id DESC LIMIT 1", key);
        return found.stream().findFirst();
    }

    @Override
    public synchronized List<Alert> unsettled() {
        return query("SELECT " + COLUMNS + " FROM alerts WHERE state <> 'RESOLVED' OR pending_resolved = 1"
                + " ORDER BY id");
    }

    @Override
    public synchronized List<Alert> history(int limit) {
        return query("SELECT " + COLUMNS + " FROM alerts ORDER BY id DESC LIMIT ?", limit);
    }

    @Override
    public synchronized void acknowledge(Acknowledgement ack) {
        try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO acknowledgements (alert_id, by, at)"
                + " VALUES (?, ?, ?)")) {
            p.setLong(1, ack.alertId());
            p.setString(2, ack.by());
            p.setString(3, ack.at().toString());
            p.executeUpdate();
        } catch (SQLException e) {
            throw storage("write to", file, e);
        }
    }

    @Override
    public synchronized Map<Long, Acknowledgement> acknowledgements(java.util.Collection<Long> alertIds) {
        Map<Long, Acknowledgement> out = new LinkedHashMap<>();
        if (alertIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(alertIds.size(), "?"));
        try (PreparedStatement p = db.prepareStatement("SELECT alert_id, by, at FROM acknowledgements WHERE alert_id IN ("
                + marks + ")")) {
            int i = 1;
            for (Long id : alertIds) {
                p.setLong(i++, id);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getLong(1), new Acknowledgement(r.getLong(1), r.getString(2), instant(r.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw storage("read", file, e);
        }
    }

    private List<Alert> query(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<Alert> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw storage("read", file, e);
        }
    }

    private static Alert row(ResultSet r) throws SQLException {
        Map<String, Object> details;
        try {
            details = JSON.readValue(r.getString("details"), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            details = Map.of("details", "(unreadable)");
        }
        return new Alert(r.getLong("id"), r.getString("key"), r.getString("rule"),
                Severity.valueOf(r.getString("severity")), r.getString("title"), details,
                AlertState.valueOf(r.getString("state")), instant(r.getString("opened_at")),
                instant(r.getString("updated_at")), instant(r.getString("resolved_at")),
                instant(r.getString("last_notified_at")), r.getInt("raises"), r.getInt("flaps"),
                r.getInt("notifications"), r.getInt("pending_resolved") == 1);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static ProdguardException storage(String verb, Path file, SQLException e) {
        return new ProdguardException(ErrorCode.STORAGE, "cannot " + verb + " the alert history " + file + ": "
                + e.getMessage() + "; check that PRODGUARD_STATE_DIR is writable and the disk is not full", e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing a read-mostly file: nothing to recover
        }
    }
}
