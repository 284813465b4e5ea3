package dev.prodguard.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.alert.AlertJson;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.repo.LockInfo;
import dev.prodguard.restore.RestoreMarker;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;

/**
 * The one JSON shape of a {@link StatusReport}: what {@code status --json} prints and {@code /api/status} holds
 * under {@code repository} (times as ISO-8601 UTC strings). Fields are only ever added.
 */
public final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {}

    /** The report as one object; {@code restoreMarkers} and {@code openAlerts} only when the report has them. */
    public static ObjectNode of(StatusReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("repository", r.location());
        o.put("encrypted", r.encrypted());
        o.put("snapshotCount", r.snapshots().size());
        o.put("rawBytes", r.rawBytes());
        o.put("storedBytes", r.storedBytes());
        ArrayNode snaps = o.putArray("snapshots");
        r.snapshots().forEach(m -> snaps.add(snapshot(m)));
        o.set("restorable", MAPPER.valueToTree(r.restorable()));
        ArrayNode capture = o.putArray("capture");
        r.capture().forEach(c -> capture.add(capture(c)));
        o.set("lastRestoreTest", r.lastRestoreTest() == null ? null : r.lastRestoreTest().json());
        LockInfo running = r.running();
        if (running != null) {
            ObjectNode n = o.putObject("running");
            n.put("operation", running.operation());
            n.put("host", running.host());
            n.put("pid", running.pid());
            n.put("since", Instants.json(running.started()));
            n.put("heartbeat", Instants.json(running.heartbeat()));
        } else {
            o.putNull("running");
        }
        if (r.restoreMarkers() != null) {
            o.set("restoreMarkers", markers(r.restoreMarkers()));
        }
        if (r.openAlerts() != null) {
            o.set("openAlerts", MAPPER.valueToTree(r.openAlerts().stream().map(AlertJson::of).toList()));
        }
        if (r.costs() != null) {
            o.set("costs", costs(r.costs()));
        }
        return o;
    }

    /** {@code status --json}'s costs object. */
    static ObjectNode costs(dev.prodguard.cost.CostReport c) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode s = o.putObject("storageLastDay");
        s.put("requests", c.lastDay().requests());
        s.put("writes", c.lastDay().writes());
        s.put("reads", c.lastDay().reads());
        s.put("bytesSent", c.lastDay().bytesSent());
        s.put("bytesReceived", c.lastDay().bytesReceived());
        ObjectNode t = o.putObject("transfer");
        t.put("readLast7Days", c.readLast7Days());
        t.put("budgetBytes", c.budgetBytes());
        t.put("warning", c.overBudgetWarning());
        if (c.lockMode() == null) {
            o.putNull("objectLock");
        } else {
            ObjectNode l = o.putObject("objectLock");
            l.put("period", c.lockMode());
            l.put("newestSnapshotLockedUntil", Instants.json(c.newestLockedUntil()));
            l.put("oldestSnapshotLockedUntil", Instants.json(c.oldestLockedUntil()));
        }
        return o;
    }

    /** One snapshot, as {@code list --json} and {@code status --json} print it. */
    public static ObjectNode snapshot(SnapshotManifest m) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("id", m.id());
        s.put("db", m.db());
        s.put("startedAt", m.startedAt());
        s.put("finishedAt", m.finishedAt());
        s.put("durationMillis", m.durationMillis());
        s.put("collections", m.collectionCount());
        s.put("views", m.viewCount());
        s.put("documents", m.documents());
        s.put("rawBytes", m.rawBytes());
        s.put("storedBytes", m.storedBytes());
        s.put("purpose", m.purpose());
        if (m.note() != null) {
            s.put("note", m.note());
        }
        return s;
    }

    private static ObjectNode capture(StatusReport.Capture c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("db", c.db());
        o.put("running", c.running() != null);
        CaptureState s = c.state();
        o.put("path", s == null ? null : s.path());
        o.put("reason", s == null ? null : s.reason());
        o.put("state", s == null ? null : s.state());
        o.put("lastCommitAt", s == null || s.lastCommitAt() == null ? null : Instants.json(s.lastCommitAt()));
        o.put("lagMillis", s == null ? null : s.lagMillis());
        return o;
    }

    private static ObjectNode markers(RestoreMarkers m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("checked", m.unknown() == null);
        o.put("unknown", m.unknown());
        ArrayNode dbs = o.putArray("databases");
        for (RestoreMarker.Found f : m.found()) {
            ObjectNode d = dbs.addObject();
            d.put("db", f.db());
            d.put("state", f.stale() ? "stopped" : "running");
            d.put("host", f.host());
            d.put("pid", f.pid());
            d.put("source", f.source());
            d.put("started", Instants.json(f.started()));
            d.put("heartbeat", Instants.json(f.heartbeat()));
            d.put("safetySnapshot", f.safetySnapshot());
            d.put("cleanup", f.stale() ? RestoreMarkers.cleanup(f) : null);
        }
        return o;
    }
}
