package dev.prodguard.guardian;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.monitor.SamplerStatus;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides {@code /health}'s status from what the guardian knows (pure, so every state is tested by name):
 *
 * <ul>
 *   <li>{@code failing} (HTTP 503): the database unreachable for at least the grace; capture stopped (its
 *       {@code capture-stopped} alert is open: capture has not run for its own grace); the last scheduled
 *       snapshot failed; no snapshot of the database {@link HealthPolicy#firstSnapshotGrace()} after start.
 *   <li>{@code starting} (HTTP 503): no snapshot yet, within that grace (the first one is being taken).
 *   <li>{@code degraded} (HTTP 200, still protected): the database unreachable within the grace; capture not
 *       running within its own grace; the last restore test failed; a monitoring sampler errs; any other
 *       alert open (a wipe, a capture gap, low space, an overdue snapshot, ...).
 *   <li>{@code ok} (HTTP 200): none of these.
 * </ul>
 */
final class HealthVerdict {
    /** Status: everything works. */
    static final String OK = "ok";
    /** Status: protected, with something to look at. */
    static final String DEGRADED = "degraded";
    /** Status: the first snapshot is still being taken, so nothing is protected yet. */
    static final String STARTING = "starting";
    /** Status: the protection is not working. */
    static final String FAILING = "failing";

    /** Everything the verdict looks at. */
    record Facts(Instant now, Instant startedAt, SnapshotManifest lastSnapshot, JobStatus snapshotJob, JobStatus restoreTestJob,
            List<GuardianHealth.TaskState> tasks, List<SamplerStatus> samplers, List<Alert> openAlerts,
            GuardianHealth.Database database) {}

    private HealthVerdict() {}

    /** The reasons, most serious first; the status is the level of the first ({@code ok} when there is none). */
    static List<GuardianHealth.Reason> reasons(Facts f, HealthPolicy policy) {
        List<GuardianHealth.Reason> failing = new ArrayList<>();
        List<GuardianHealth.Reason> degraded = new ArrayList<>();
        GuardianHealth.Database db = f.database();
        if (Boolean.FALSE.equals(db.reachable()) && db.unreachableSince() != null) {
            Duration down = Duration.between(db.unreachableSince(), f.now());
            boolean pastGrace = down.compareTo(policy.databaseGrace()) >= 0;
            (pastGrace ? failing : degraded).add(new GuardianHealth.Reason("database-unreachable", pastGrace ? FAILING : DEGRADED,
                    "The database has been unreachable since " + Instants.human(db.unreachableSince()) + " (" + Durations.human(down) + ", "
                    + (pastGrace ? "longer than" : "within") + " the " + Durations.human(policy.databaseGrace()) + " grace): "
                    + db.problem() + "."));
        }
        boolean captureStopped = f.openAlerts().stream().anyMatch(a -> a.ruleId().equals(GuardianRules.CAPTURE_STOPPED));
        if (captureStopped) {
            failing.add(new GuardianHealth.Reason("capture-stopped", FAILING, "Capture has stopped: changes are not being recorded ("
                    + captureState(f) + "); see the capture-stopped alert."));
        }
        if (f.snapshotJob().failing()) {
            failing.add(new GuardianHealth.Reason("snapshot-failed", FAILING, "The last scheduled snapshot failed at "
                    + f.snapshotJob().lastFailure() + ": " + f.snapshotJob().lastError()));
        }
        if (f.lastSnapshot() == null) {
            Duration since = Duration.between(f.startedAt(), f.now());
            if (since.compareTo(policy.firstSnapshotGrace()) >= 0) {
                failing.add(new GuardianHealth.Reason("no-snapshot", FAILING, "There is no snapshot of the database " + Durations.human(since)
                        + " after the guardian started; nothing can be restored yet."));
            } else if (!f.snapshotJob().failing()) {
                failing.add(new GuardianHealth.Reason("first-snapshot-pending", STARTING, "The first snapshot is being taken (the guardian"
                        + " started at " + Instants.human(f.startedAt()) + "); nothing can be restored until it finishes."));
            }
        }
        for (GuardianHealth.TaskState t : f.tasks()) {
            if (!t.healthy() && !(captureStopped && t.name().equals("capture"))) {
                degraded.add(new GuardianHealth.Reason(t.name() + "-not-running", DEGRADED, t.name() + ": " + t.state()));
            }
        }
        if (f.restoreTestJob().failing()) {
            degraded.add(new GuardianHealth.Reason("restore-test-failed", DEGRADED, "The last restore test failed at "
                    + f.restoreTestJob().lastFailure() + ": " + f.restoreTestJob().lastError()));
        }
        for (SamplerStatus s : f.samplers()) {
            if (s.lastError() != null) {
                degraded.add(new GuardianHealth.Reason("monitoring-failing", DEGRADED, "Monitoring of " + s.name() + " fails: "
                        + s.lastError()));
            }
        }
        List<String> others = f.openAlerts().stream().map(Alert::ruleId)
                .filter(r -> !r.equals(GuardianRules.CAPTURE_STOPPED) && !r.equals(Guardian.SNAPSHOT_FAILED)
                        && !r.equals(Guardian.RESTORE_TEST_FAILED)).distinct().toList();
        if (!others.isEmpty()) {
            degraded.add(new GuardianHealth.Reason(others.contains(WipeAlert.RULE) ? "wipe-detected" : "alerts-open", DEGRADED,
                    "Open alert(s): " + String.join(", ", others) + "."));
        }
        failing.sort((a, b) -> Boolean.compare(a.level().equals(STARTING), b.level().equals(STARTING)));
        List<GuardianHealth.Reason> all = new ArrayList<>(failing);
        all.addAll(degraded);
        return all;
    }

    /** The status the reasons set. */
    static String status(List<GuardianHealth.Reason> reasons) {
        return reasons.isEmpty() ? OK : reasons.get(0).level();
    }

    private static String captureState(Facts f) {
        return f.tasks().stream().filter(t -> t.name().equals("capture")).map(GuardianHealth.TaskState::state).findFirst()
                .orElse("capture runs outside the guardian and committed nothing for too long");
    }
}
