package dev.prodguard.guardian;

import dev.prodguard.monitor.SamplerStatus;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code /health} reports: an overall status, the last snapshot, capture state (a line, and the
 * capture task's details: path, last commit, lag), the jobs,
 * the monitor's samplers and the number of open alerts.
 *
 * <p>Status: {@code failing} when there is no snapshot yet after a failed attempt or the last
 * scheduled snapshot failed (the data is not being protected); {@code degraded} while the first
 * snapshot is still being taken, when the last restore test failed, a task is unhealthy, a sampler errs or any alert is open; {@code ok} otherwise.
 */
public record GuardianHealth(String status, Instant at, LastSnapshot lastSnapshot, List<TaskState> tasks,
        String capture, java.util.Map<String, Object> captureDetails, List<JobStatus> jobs, List<SamplerStatus> samplers, int openAlerts) {
    /** Capture's state when no {@link GuardianTask} named "capture" runs (a guardian started without it). */
    public static final String CAPTURE_NOT_RUNNING = "not running";

    /** The last committed snapshot; null fields when there is none. */
    public record LastSnapshot(String id, Instant finishedAt, Long ageSeconds) {}

    /** One long-running task's state. */
    public record TaskState(String name, String state, boolean healthy) {}

    /** True when /health should answer 503. */
    public boolean isFailing() {
        return status.equals("failing");
    }

    static GuardianHealth of(Instant now, SnapshotManifest last, JobStatus snapshot, JobStatus verify, List<JobStatus> jobs,
            List<GuardianTask> tasks, List<SamplerStatus> samplers, int openAlerts) {
        LastSnapshot ls = last == null ? new LastSnapshot(null, null, null)
                : new LastSnapshot(last.id(), last.finished(),
                        Math.max(0, Duration.between(last.finished(), now).toSeconds()));
        List<TaskState> ts = tasks.stream().map(t -> new TaskState(t.name(), t.state(), t.healthy())).toList();
        String capture = ts.stream().filter(t -> t.name().equals("capture")).map(TaskState::state).findFirst()
                .orElse(CAPTURE_NOT_RUNNING);
        java.util.Map<String, Object> captureDetails = tasks.stream().filter(t -> t.name().equals("capture"))
                .map(GuardianTask::details).findFirst().orElse(java.util.Map.of());
        String status;
        if (snapshot.failing()) {
            status = "failing";
        } else if (last == null || verify.failing() || openAlerts > 0 || ts.stream().anyMatch(t -> !t.healthy())
                || samplers.stream().anyMatch(s -> s.lastError() != null)) {
            status = "degraded";
        } else {
            status = "ok";
        }
        return new GuardianHealth(status, now, ls, ts, capture, captureDetails, jobs, samplers, openAlerts);
    }
}
