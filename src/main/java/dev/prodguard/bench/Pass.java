package dev.prodguard.bench;

/**
 * One pass over one dataset: the phases measured back to back. {@code bufferDrain} (informative) reads
 * like a snapshot does, reply buffers and no per-document copy, but keeps nothing.
 */
record Pass(PhaseRun drain, PhaseRun bufferDrain, PhaseRun snapshot, PhaseRun rawInsert, PhaseRun restore) {
    /** Snapshot rate over raw drain rate in this pass (same documents, so a ratio of durations). */
    double snapshotVsDrain() {
        return snapshot.docsPerSecond() / drain.docsPerSecond();
    }

    /** Snapshot rate over the reply-buffer drain rate: what compressing, hashing and durable writing cost. */
    double snapshotVsBufferDrain() {
        return snapshot.docsPerSecond() / bufferDrain.docsPerSecond();
    }

    /** Restore rate over raw insert rate in this pass. */
    double restoreVsInsert() {
        return restore.docsPerSecond() / rawInsert.docsPerSecond();
    }
}
