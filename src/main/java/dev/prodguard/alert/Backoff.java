package dev.prodguard.alert;

import java.time.Duration;

/**
 * Exponential backoff for a failing channel: attempt 1 is immediate, attempt n+1 waits
 * {@code initial × factor^(n-1)}, capped at {@code max}; after {@code maxAttempts} the delivery is
 * given up and the channel reported as failing.
 */
public record Backoff(Duration initial, double factor, Duration max, int maxAttempts) {
    /** 2 s, 4 s, 8 s, 16 s, 32 s: five attempts within about a minute. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), 5);

    public Backoff {
        if (maxAttempts < 1 || factor < 1.0 || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs maxAttempts >= 1, factor >= 1, 0 <= initial <= max");
        }
    }

    /** The wait before attempt {@code failedAttempts + 1}, after {@code failedAttempts} failures (>= 1). */
    public Duration delayAfter(int failedAttempts) {
        double millis = initial.toMillis() * Math.pow(factor, failedAttempts - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
