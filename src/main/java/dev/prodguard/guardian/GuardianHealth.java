package dev.prodguard.guardian;

import dev.prodguard.monitor.SamplerStatus;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code /health} reports: the status ({@code ok}, {@code degraded}, {@code starting}, {@code failing};
 * see {@link HealthVerdict} for exactly which state gives which) with its reasons, the database's
 * reachability, the last snapshot, capture state (a line, and the capture task's details: path, last commit,
 * lag), the jobs, the monitor's samplers and the number of open alerts. HTTP 200 only while the database is
 * protected ({@code ok}, {@code degraded}); 503 otherwise.
 */
public record GuardianHealth(String status, List<Reason> reasons, Instant at, Database database,
        LastSnapshot lastSnapshot, List<TaskState> tasks, String capture, Map<String, Object> captureDetails,
        List<JobStatus> jobs, List<SamplerStatus> samplers, int openAlerts) {
    /** Capture's state when no {@link GuardianTask} named "capture" runs (a guardian started without it). */
    public static final String CAPTURE_NOT_RUNNING = "not running";

    /** One reason for the status: a stable {@code code}, the {@code level} it sets and a sentence for people. */
    public record Reason(String code, String level, String message) {}

    /**
     * Whether the database answers the guardian's pings: {@code reachable} is null before the first answer or
     * failure; {@code problem} says why it does not answer.
     */
    public record Database(Boolean reachable, Instant lastOkAt, Instant unreachableSince, String problem) {
        static final Database UNKNOWN = new Database(null, null, null, null);
    }

    /** The last committed snapshot; null fields when there is none. */
    public record LastSnapshot(String id, Instant finishedAt, Long ageSeconds) {}

    /** One long-running task's state. */
    public record TaskState(String name, String state, boolean healthy) {}

    /** True when the protection is not working (failing, or starting without a snapshot yet): /health answers 503. */
    public boolean isFailing() {
        return status.equals(HealthVerdict.FAILING) || status.equals(HealthVerdict.STARTING);
    }

    /** The HTTP status of /health: 200 while protected, 503 otherwise. */
    public int httpStatus() {
        return isFailing() ? 503 : 200;
    }

    static GuardianHealth of(HealthVerdict.Facts facts, HealthPolicy policy, List<JobStatus> jobs, List<GuardianTask> tasks) {
        SnapshotManifest last = facts.lastSnapshot();
        LastSnapshot ls = last == null ? new LastSnapshot(null, null, null)
                : new LastSnapshot(last.id(), last.finished(),
                        Math.max(0, Duration.between(last.finished(), facts.now()).toSeconds()));
        String capture = facts.tasks().stream().filter(t -> t.name().equals("capture")).map(TaskState::state).findFirst()
                .orElse(CAPTURE_NOT_RUNNING);
        Map<String, Object> captureDetails = tasks.stream().filter(t -> t.name().equals("capture"))
                .map(GuardianTask::details).findFirst().orElse(Map.of());
        List<Reason> reasons = HealthVerdict.reasons(facts, policy);
        return new GuardianHealth(HealthVerdict.status(reasons), reasons, facts.now(), facts.database(), ls,
                facts.tasks(), capture, captureDetails, jobs, facts.samplers(), facts.openAlerts().size());
    }
}
