package dev.prodguard.snapshot;

/** What one committed snapshot holds: its id, collection and document counts, sizes and duration. */
public record SnapshotResult(String id, String db, int collections, int views, long documents, long rawBytes,
        long storedBytes, long durationMillis) {
    /** Documents per second over the whole snapshot. */
    public double docsPerSecond() {
        return durationMillis == 0 ? documents * 1000.0 : documents * 1000.0 / durationMillis;
    }
}
