package dev.prodguard.status;

import dev.prodguard.capture.CaptureState;
import java.time.Duration;
import java.time.Instant;

/**
 * The newest committed change segment of a database and how far behind it was when committed.
 *
 * @param committedAt when capture committed it (prodguard's clock)
 * @param changesUpTo the newest change it holds: its last event's wall time, else its position's cluster time
 * @param state the capture status record ({@code capture/<db>}), null when capture never wrote one
 */
public record CaptureFacts(long seq, Instant committedAt, Instant changesUpTo, CaptureState state) {
    /** How far the newest change was behind its commit (zero when unknown or the clocks disagree). */
    public Duration behind() {
        if (changesUpTo == null || committedAt == null || changesUpTo.isAfter(committedAt)) {
            return Duration.ZERO;
        }
        return Duration.between(changesUpTo, committedAt);
    }
}
