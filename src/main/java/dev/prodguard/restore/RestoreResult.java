package dev.prodguard.restore;

/**
 * What a restore wrote: target database, collections, views, documents and raw bytes, duration,
 * and the id of the safety snapshot taken of the target first (null when the target was empty).
 */
public record RestoreResult(String targetDb, int collections, int views, long documents, long bytes,
        long durationMillis, String safetySnapshotId) {
    /** Documents per second over the whole restore. */
    public double docsPerSecond() {
        return durationMillis == 0 ? documents * 1000.0 : documents * 1000.0 / durationMillis;
    }
}
