package dev.prodguard.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * One measured value: the metric (e.g. {@code connections.current}), its subject ("" for the
 * whole server, a database or collection name otherwise), when it was taken, and the value.
 */
public record Sample(String metric, String subject, Instant at, double value) {
    public Sample {
        Objects.requireNonNull(metric, "metric");
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(at, "at");
    }

    /** A server-wide sample. */
    public static Sample of(String metric, Instant at, double value) {
        return new Sample(metric, "", at, value);
    }
}
