package dev.prodguard.restore;

import dev.prodguard.snapshot.SnapshotOptions;
import java.time.Duration;

/**
 * How a restore runs: {@code parallelism} collections at once; insert batches of at most
 * {@code batchSize} documents and {@code maxBatchBytes}; {@code precheck} verifies every object of
 * the plan before anything is written; {@code safetySnapshot} configures the snapshot taken of a
 * non-empty target under --force.
 */
public record RestoreOptions(int parallelism, int batchSize, long maxBatchBytes, boolean precheck,
        SnapshotOptions safetySnapshot, Duration lockStaleAfter) {
    public RestoreOptions {
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism must be 1..64, was " + parallelism);
        }
        if (batchSize < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
    }

    /** 4 collections at once, batches of 1000 documents or 8 MiB, full pre-check. */
    public static RestoreOptions defaults() {
        return new RestoreOptions(4, 1000, 8L * 1024 * 1024, true, SnapshotOptions.defaults(), Duration.ofSeconds(60));
    }

    /** The same parallelism as the snapshot options (PRODGUARD_PARALLELISM). */
    public static RestoreOptions from(SnapshotOptions snapshot) {
        RestoreOptions d = defaults();
        return new RestoreOptions(snapshot.parallelism(), d.batchSize(), d.maxBatchBytes(), d.precheck(), snapshot,
                d.lockStaleAfter());
    }

    public RestoreOptions withPrecheck(boolean p) {
        return new RestoreOptions(parallelism, batchSize, maxBatchBytes, p, safetySnapshot, lockStaleAfter);
    }
}
