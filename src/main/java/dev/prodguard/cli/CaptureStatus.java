package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.repo.LockInfo;
import dev.prodguard.repo.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The capture part of {@code status}: per database, the path, whether capture runs now, the last commit and lag. */
final class CaptureStatus {
    /** One captured database: its status record (may be null) and the lock holder (null: not running). */
    record Line(String db, CaptureState state, LockInfo running) {}

    private CaptureStatus() {}

    static List<Line> of(Repository repo) {
        Set<String> dbs = new TreeSet<>(CaptureHistory.capturedDatabases(repo));
        List<Line> out = new ArrayList<>();
        for (String db : dbs) {
            out.add(new Line(db, CaptureHistory.state(repo, db), repo.lockInfo("capture:" + db)));
        }
        return out;
    }

    static List<String> text(List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            CaptureState s = l.state();
            String running = l.running() != null ? "running on " + l.running().host() + " (pid " + l.running().pid() + ")"
                    : "not running";
            out.add("capture:    " + l.db() + ": " + running + (s == null ? "" : ", path " + s.path()
                    + (s.state() != null && l.running() != null && !"running".equals(s.state()) ? ", " + s.state()
                    + (s.note() == null ? "" : " (" + s.note() + ")") : "")
                    + (s.lastCommitAt() == null ? "" : ", last commit " + s.lastCommitAt())
                    + (s.lagMillis() == null ? "" : ", lag " + s.lagMillis() + " ms")));
            if (s != null && s.reason() != null) {
                out.add("            path chosen because " + s.reason());
            }
        }
        return out;
    }

    static ArrayNode json(List<Line> lines) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Line l : lines) {
            ObjectNode o = a.addObject();
            o.put("db", l.db());
            o.put("running", l.running() != null);
            CaptureState s = l.state();
            o.put("path", s == null ? null : s.path());
            o.put("reason", s == null ? null : s.reason());
            o.put("state", s == null ? null : s.state());
            o.put("lastCommitAt", s == null || s.lastCommitAt() == null ? null : s.lastCommitAt().toString());
            o.put("lagMillis", s == null ? null : s.lagMillis());
        }
        return a;
    }
}
