package dev.prodguard.alert;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs delivery attempts later; the guardian uses an executor, tests a scheduler they drive by hand. */
@FunctionalInterface
public interface RetryScheduler {
    /** Runs the task once, after the delay (zero: as soon as possible), never on the caller's thread. */
    void schedule(Runnable task, Duration delay);

    /** A scheduler backed by an executor. */
    static RetryScheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
