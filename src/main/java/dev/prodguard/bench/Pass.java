package dev.prodguard.bench;

/** One pass over one dataset: the four phases measured back to back. */
record Pass(PhaseRun drain, PhaseRun snapshot, PhaseRun rawInsert, PhaseRun restore) {
    /** Snapshot rate over raw drain rate in this pass (same documents, so a ratio of durations). */
    double snapshotVsDrain() {
        return snapshot.docsPerSecond() / drain.docsPerSecond();
    }

    /** Restore rate over raw insert rate in this pass. */
    double restoreVsInsert() {
        return restore.docsPerSecond() / rawInsert.docsPerSecond();
    }
}
