package dev.prodguard.snapshot;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import java.time.Duration;

/**
 * How a snapshot streams: {@code parallelism} collections at once, cursor batches of
 * {@code batchSize} documents, data objects cut at about {@code maxObjectRawBytes} raw bytes.
 */
public record SnapshotOptions(int parallelism, int batchSize, long maxObjectRawBytes, Duration lockStaleAfter) {
    /** Default cut size of one data object (raw bytes before compression). */
    public static final long DEFAULT_OBJECT_BYTES = 32L * 1024 * 1024;

    public SnapshotOptions {
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism must be 1..64, was " + parallelism);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        if (maxObjectRawBytes < 1024) {
            throw new IllegalArgumentException("maxObjectRawBytes must be at least 1024, was " + maxObjectRawBytes);
        }
    }

    /** Defaults: 4 collections at once, 1000-document batches, 32 MB objects. */
    public static SnapshotOptions defaults() {
        return new SnapshotOptions(4, 1000, DEFAULT_OBJECT_BYTES, Duration.ofSeconds(60));
    }

    /** Defaults with PRODGUARD_PARALLELISM from the configuration. */
    public static SnapshotOptions from(Settings settings) {
        return defaults().withParallelism(settings.intValue(ConfigKey.PARALLELISM));
    }

    public SnapshotOptions withParallelism(int p) {
        return new SnapshotOptions(p, batchSize, maxObjectRawBytes, lockStaleAfter);
    }

    public SnapshotOptions withBatchSize(int b) {
        return new SnapshotOptions(parallelism, b, maxObjectRawBytes, lockStaleAfter);
    }

    public SnapshotOptions withMaxObjectRawBytes(long m) {
        return new SnapshotOptions(parallelism, batchSize, m, lockStaleAfter);
    }
}
