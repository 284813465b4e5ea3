package dev.prodguard.repo;

/** A held operation lock; its heartbeat runs until {@link #close()} releases it. */
public interface OperationLock extends AutoCloseable {
    /** The message shown when a stale lock was taken over, or null. */
    String takeoverNotice();

    /**
     * Throws {@code ProdguardException} (LOCKED) when this lock was lost: another process took it
     * over because this holder's heartbeat stalled. Call before each commit point.
     */
    default void ensureHeld() {}

    /** Releases the lock. */
    @Override
    void close();
}
