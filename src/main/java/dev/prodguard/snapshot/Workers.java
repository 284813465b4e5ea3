package dev.prodguard.snapshot;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads snapshots and restores work on, shared and kept for a minute after use: starting a
 * thread costs about a millisecond on small virtual machines (measured: docs/architecture.md), and a
 * snapshot of a few collections would otherwise start some twenty. {@link #run} bounds how many
 * of one job's tasks run at once; {@link Group#cancel} stops one job's tasks without touching others.
 */
public final class Workers {
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "prodguard-worker");
                t.setDaemon(true);
                return t;
            });

    private Workers() {}

    /**
     * A task's failure to rethrow where its result is awaited: a RuntimeException or Error as it was
     * thrown, an IOException as an UncheckedIOException, any other checked one wrapped.
     */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof java.io.IOException io) {
            return new java.io.UncheckedIOException(io);
        }
        return new IllegalStateException(t);
    }

    /** Runs {@code task} on a shared thread named {@code name} while it runs. */
    public static void start(String name, Runnable task) {
        POOL.execute(() -> named(name, task));
    }

    private static void named(String name, Runnable task) {
        Thread me = Thread.currentThread();
        me.setName(name);
        try {
            task.run();
        } finally {
            Thread.interrupted(); // an interrupt meant for this task must not reach the next one
            me.setName("prodguard-worker");
        }
    }

    /**
     * Starts {@code tasks} on at most {@code parallelism} shared threads, in order, each thread
     * named {@code name}; the returned group holds one future per task, in the same order.
     */
    public static <T> Group<T> run(List<Callable<T>> tasks, int parallelism, String name) {
        Group<T> g = new Group<>(tasks);
        int runners = Math.max(1, Math.min(parallelism, tasks.size()));
        g.done = new CountDownLatch(runners);
        for (int i = 0; i < runners; i++) {
            start(name, g::drain);
        }
        return g;
    }

    /** One job's tasks: their futures, and a way to stop the ones not finished. */
    public static final class Group<T> {
        private final Queue<Item<T>> queue = new ConcurrentLinkedQueue<>();
        private final List<CompletableFuture<T>> futures = new ArrayList<>();
        private final Set<Thread> running = ConcurrentHashMap.newKeySet();
        private volatile boolean cancelled;
        private CountDownLatch done;

        private record Item<T>(Callable<T> task, CompletableFuture<T> future) {}

        private Group(List<Callable<T>> tasks) {
            for (Callable<T> t : tasks) {
                CompletableFuture<T> f = new CompletableFuture<>();
                futures.add(f);
                queue.add(new Item<>(t, f));
            }
        }

        private void drain() {
            running.add(Thread.currentThread());
            try {
                Item<T> item;
                while (!cancelled && (item = queue.poll()) != null) {
                    try {
                        item.future().complete(item.task().call());
                    } catch (Throwable t) {
                        item.future().completeExceptionally(t);
                    }
                }
            } finally {
                synchronized (running) { // after this, cancel() can no longer interrupt the thread (it may serve another job)
                    running.remove(Thread.currentThread());
                }
                done.countDown();
            }
        }

        /** The futures, one per task, in the order given. */
        public List<CompletableFuture<T>> futures() {
            return futures;
        }

        /** Waits for every task; rethrows the first failure in task order (see {@link Workers#unchecked}). */
        public List<T> awaitAll() {
            List<T> out = new ArrayList<>();
            for (CompletableFuture<T> f : futures) {
                out.add(get(f));
            }
            return out;
        }

        /** The result of one task, waiting for it; its failure as {@link Workers#unchecked} gives it. */
        public static <T> T get(CompletableFuture<T> f) {
            try {
                return f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw unchecked(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted");
            }
        }

        /**
         * Stops the tasks not yet started, interrupts the running ones and waits up to {@code seconds} for
         * them to end, so that clean-up afterwards sees everything they did.
         */
        public void cancel(long seconds) {
            cancelled = true;
            Item<T> item;
            while ((item = queue.poll()) != null) {
                item.future().cancel(false);
            }
            synchronized (running) {
                running.forEach(Thread::interrupt);
            }
            try {
                done.await(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
