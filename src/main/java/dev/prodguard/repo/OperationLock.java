package dev.prodguard.repo;

/** A held operation lock; its heartbeat runs until {@link #close()} releases it. */
public interface OperationLock extends AutoCloseable {
    /** The message shown when a stale lock was taken over, or null. */
    String takeoverNotice();

    /** Releases the lock. */
    @Override
    void close();
}
