package dev.prodguard.snapshot;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a producer on its own thread one item ahead of the consumer: while the consumer works on
 * item N, the producer makes item N+1 (a snapshot reads the next cursor batch from the server while
 * it compresses and hashes the current one; a restore decodes the next batch while the server
 * inserts the current one). The hand-off has no buffer, so at most two items exist at once: the one
 * being consumed and the one waiting. A producer failure is rethrown to the consumer as it was;
 * closing early stops the producer (interrupted, then joined).
 *
 * @param <T> what is handed over, e.g. one batch of raw documents
 */
public final class HandOff<T> implements AutoCloseable {
    /** How the producer publishes its items. */
    @FunctionalInterface
    public interface Producer<T> {
        /** Produces every item in order through {@code emit}; returns at the end of the data. */
        void produce(Emitter<T> emit) throws Exception;
    }

    /** Publishes one item to the consumer, waiting until the consumer takes it. */
    @FunctionalInterface
    public interface Emitter<T> {
        void emit(T item) throws InterruptedException;
    }

    private static final Object END = new Object();

    private final SynchronousQueue<Object> queue = new SynchronousQueue<>();
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    private Thread producerThread; // guarded by this; null before the producer starts and after it ends
    private volatile boolean closed;
    private boolean ended;

    private record Failure(Throwable cause) {}

    /** Starts {@code producer} on a shared worker thread ({@link Workers}) named {@code threadName}. */
    public HandOff(String threadName, Producer<T> producer) {
        Workers.start(threadName, () -> {
            synchronized (this) {
                producerThread = Thread.currentThread();
            }
            try {
                run(producer);
            } finally {
                synchronized (this) { // from here on close() cannot interrupt the thread: it may serve another job
                    producerThread = null;
                }
                finished.countDown();
            }
        });
    }

    private void run(Producer<T> producer) {
        Object last = END;
        try {
            producer.produce(item -> {
                if (closed) {
                    throw new InterruptedException("hand-off closed");
                }
                queue.put(item);
            });
        } catch (Throwable t) {
            last = new Failure(t);
        }
        try {
            while (!closed) { // the consumer may have gone: never block forever on the last hand-off
                if (queue.offer(last, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next item, or null at the end. Rethrows the producer's failure ({@link Workers#unchecked}: a
     * RuntimeException or Error as it was thrown, an IOException as UncheckedIOException).
     */
    @SuppressWarnings("unchecked")
    public T next() {
        if (ended) {
            return null;
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while waiting for the next batch");
        }
        if (o == END) {
            ended = true;
            return null;
        }
        if (o instanceof Failure f) {
            ended = true;
            throw Workers.unchecked(f.cause());
        }
        return (T) o;
    }

    /** Stops the producer if it is still running and waits for it to end (its resources closed). */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (producerThread != null) {
                producerThread.interrupt();
            }
        }
        queue.poll(); // a producer blocked on a hand-off
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
