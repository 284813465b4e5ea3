package dev.prodguard.restore;

import java.util.List;

/**
 * What a restore wrote: target database, collections, views, documents and raw bytes, duration, the id
 * of the safety snapshot taken of the target first (null when the target held no data of the user's), and
 * notes people must read (e.g. the target's environment marker was kept).
 */
public record RestoreResult(String targetDb, int collections, int views, long documents, long bytes,
        long durationMillis, String safetySnapshotId, List<String> notes) {
    public RestoreResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Documents per second over the whole restore. */
    public double docsPerSecond() {
        return durationMillis == 0 ? documents * 1000.0 : documents * 1000.0 / durationMillis;
    }
}
