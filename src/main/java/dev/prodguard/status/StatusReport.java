package dev.prodguard.status;

import dev.prodguard.alert.Alert;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.repo.LockInfo;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.verify.RestoreTestRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a repository holds and protects, as {@code status}, {@code /api/status} and a dashboard show it.
 *
 * @param snapshots every committed snapshot, oldest first (each names its database and purpose)
 * @param restorable the restorable windows and the gaps, by start
 * @param capture per captured database, its status record and whether capture runs now
 * @param lastRestoreTest the newer of the repository's and the state directory's record, null when none ran
 * @param running the operation holding the repository lock (backup, prune), null when none
 * @param restoreMarkers the databases a running or stopped restore holds, null when not asked
 * @param openAlerts the open alerts, null where no alert history is at hand
 * @param costs object-storage requests, database reads against the transfer budget and Object Lock, null when not asked
 */
public record StatusReport(String location, boolean encrypted, List<SnapshotManifest> snapshots,
        List<RestoreWindow> restorable, List<Capture> capture, RestoreTestRecord lastRestoreTest, LockInfo running,
        RestoreMarkers restoreMarkers, List<Alert> openAlerts, dev.prodguard.cost.CostReport costs) {
    /** A report without costs. */
    public StatusReport(String location, boolean encrypted, List<SnapshotManifest> snapshots, List<RestoreWindow> restorable,
            List<Capture> capture, RestoreTestRecord lastRestoreTest, LockInfo running, RestoreMarkers restoreMarkers,
            List<Alert> openAlerts) {
        this(location, encrypted, snapshots, restorable, capture, lastRestoreTest, running, restoreMarkers, openAlerts, null);
    }

    /** The same report with its costs. */
    public StatusReport withCosts(dev.prodguard.cost.CostReport c) {
        return new StatusReport(location, encrypted, snapshots, restorable, capture, lastRestoreTest, running, restoreMarkers,
                openAlerts, c);
    }

    /** One captured database: its status record ({@code state}, null when never written) and the lock holder ({@code running}, null when capture is not running). */
    public record Capture(String db, CaptureState state, LockInfo running) {}

    /** The same report with the restore markers found on the database server. */
    public StatusReport withRestoreMarkers(RestoreMarkers markers) {
        return new StatusReport(location, encrypted, snapshots, restorable, capture, lastRestoreTest, running, markers,
                openAlerts, costs);
    }

    /** The same report with the open alerts. */
    public StatusReport withOpenAlerts(List<Alert> alerts) {
        return new StatusReport(location, encrypted, snapshots, restorable, capture, lastRestoreTest, running,
                restoreMarkers, alerts, costs);
    }

    /** The snapshots grouped by database, each group oldest first. */
    public Map<String, List<SnapshotManifest>> snapshotsByDatabase() {
        Map<String, List<SnapshotManifest>> out = new LinkedHashMap<>();
        snapshots.forEach(m -> out.computeIfAbsent(m.db(), k -> new java.util.ArrayList<>()).add(m));
        return out;
    }

    /** Raw bytes of every snapshot. */
    public long rawBytes() {
        return snapshots.stream().mapToLong(SnapshotManifest::rawBytes).sum();
    }

    /** Stored (compressed, maybe encrypted) bytes of every snapshot. */
    public long storedBytes() {
        return snapshots.stream().mapToLong(SnapshotManifest::storedBytes).sum();
    }
}
