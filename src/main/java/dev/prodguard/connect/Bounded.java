package dev.prodguard.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs blocking look-ups (DNS, sockets) on daemon threads with a hard deadline, so that no
 * resolver or socket default can make doctor or gate wait longer than their configured timeout.
 */
public final class Bounded {
    private Bounded() {}

    /** Thrown when a task did not finish within its deadline. */
    public static final class DeadlineExceeded extends Exception {
        private static final long serialVersionUID = 1L;

        DeadlineExceeded(long millis) {
            super("no answer within " + millis + " ms");
        }
    }

    /** Runs one task, waiting at most {@code millis}; the task's own exception is rethrown as is. */
    public static <T> T call(Callable<T> task, long millis) throws Exception {
        return all(List.of(task), millis, (i, e) -> {
            throw e;
        }).get(0);
    }

    /**
     * Runs the tasks in parallel and returns their results in order; a task that fails or misses the
     * deadline yields {@code onError.map(index, exception)} (a {@link DeadlineExceeded} for a missed deadline).
     */
    public static <T> List<T> all(List<Callable<T>> tasks, long millis, ErrorMapper<T> onError) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(tasks.size(), 16)), r -> {
            Thread t = new Thread(r, "prodguard-lookup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            List<T> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                Future<T> f = futures.get(i);
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    results.add(f.get(left, TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    results.add(onError.map(i, new DeadlineExceeded(millis)));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    results.add(onError.map(i, cause instanceof Exception ex ? ex : new RuntimeException(cause)));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Turns the failure of the task at {@code index} into a result (or rethrows it). */
    @FunctionalInterface
    public interface ErrorMapper<T> {
        T map(int index, Exception e) throws Exception;
    }
}
