package dev.prodguard.snapshot;

/** Receives progress of a snapshot or restore as it streams; called from several threads at once. */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /** The work is about to start; {@code estimatedDocuments} is a server estimate (may be 0). */
    default void started(long estimatedDocuments) {}

    /** Documents and raw bytes just processed by one collection worker. */
    default void advanced(long documents, long rawBytes) {}

    /** All work ended (successfully or not). */
    default void finished() {}
}
