package dev.prodguard.guardian;

import java.time.Instant;

/**
 * What one scheduled job has done so far: when it last started, succeeded and failed, the last
 * summary or error line, when it runs next, and success/failure counts since the guardian started.
 */
public record JobStatus(String name, String schedule, boolean running, Instant lastStart, Instant lastSuccess,
        String lastSummary, Instant lastFailure, String lastError, Instant nextRun, long successes, long failures) {
    /** True when the last finished run failed. */
    public boolean failing() {
        return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
    }
}
