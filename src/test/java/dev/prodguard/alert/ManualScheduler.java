package dev.prodguard.alert;

import dev.prodguard.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link RetryScheduler} driven by the test: tasks wait in a queue ordered by due time on a
 * {@link MutableClock}; {@link #runDue()} runs what is due, {@link #runAll()} jumps the clock
 * from task to task until the queue is empty. Records every delay asked for.
 */
final class ManualScheduler implements RetryScheduler {
    private record Task(Instant due, long seq, Runnable run) {}

    private final MutableClock clock;
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::seq));
    private final List<Duration> delays = new ArrayList<>();
    private long seq;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        delays.add(delay);
        queue.add(new Task(clock.instant().plus(delay), seq++, task));
    }

    /** Runs every task due now (including ones they schedule for now). */
    void runDue() {
        Task t;
        while ((t = pollDue()) != null) {
            t.run().run();
        }
    }

    /** Runs everything, advancing the clock to each task's due time; returns how many ran. */
    int runAll() {
        int n = 0;
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.poll();
            }
            if (t == null) {
                return n;
            }
            if (t.due().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), t.due()));
            }
            t.run().run();
            n++;
        }
    }

    private synchronized Task pollDue() {
        Task t = queue.peek();
        if (t == null || t.due().isAfter(clock.instant())) {
            return null;
        }
        return queue.poll();
    }

    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    synchronized int pending() {
        return queue.size();
    }
}
