package dev.prodguard.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * The commit point of a snapshot, written after all its objects: id (time-sortable), source
 * database, start and end instants (ISO-8601, UTC), every collection and view it holds, and its
 * purpose: {@code backup} (a regular snapshot; absent in manifests written before purposes existed)
 * or {@code safety} (the copy of a restore target taken before a forced restore replaced it), with
 * an optional note for people (e.g. that the copied database held a killed restore's partial data).
 */
public record SnapshotManifest(int format, String id, String db, String startedAt, String finishedAt,
        long durationMillis, String tool, List<CollectionEntry> collections, String purpose,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String note) {
    /**
     * The manifest format this code writes, and the newest it reads. 2: the collections' content hashes are
     * XXH64-based (format 1's, SHA-256-based, are still read and verified; see {@link ContentHash}).
     */
    public static final int FORMAT = 2;
    /** The repository manifest kind of snapshots. */
    public static final String KIND = "snapshot";

    /** A regular snapshot's purpose. */
    public static final String BACKUP = "backup";
    /** The purpose of a snapshot taken of a restore target before a forced restore replaced it. */
    public static final String SAFETY = "safety";

    public SnapshotManifest {
        collections = collections == null ? List.of() : List.copyOf(collections);
        purpose = purpose == null ? BACKUP : purpose;
    }

    /** A regular snapshot (purpose {@code backup}, no note). */
    public SnapshotManifest(int format, String id, String db, String startedAt, String finishedAt, long durationMillis,
            String tool, List<CollectionEntry> collections) {
        this(format, id, db, startedAt, finishedAt, durationMillis, tool, collections, BACKUP, null);
    }

    /**
     * Whether this is a safety snapshot: restorable by id, but never {@code latest}, never a base for a
     * point-in-time restore, never a retention slot and never a restore test.
     */
    @JsonIgnore
    public boolean isSafety() {
        return SAFETY.equals(purpose);
    }

    @JsonIgnore
    public Instant started() {
        return Instant.parse(startedAt);
    }

    @JsonIgnore
    public Instant finished() {
        return Instant.parse(finishedAt);
    }

    @JsonIgnore
    public long documents() {
        return collections.stream().mapToLong(CollectionEntry::documents).sum();
    }

    @JsonIgnore
    public long rawBytes() {
        return collections.stream().mapToLong(CollectionEntry::rawBytes).sum();
    }

    @JsonIgnore
    public long storedBytes() {
        return collections.stream().mapToLong(CollectionEntry::storedBytes).sum();
    }

    @JsonIgnore
    public int collectionCount() {
        return (int) collections.stream().filter(c -> !c.isView()).count();
    }

    @JsonIgnore
    public int viewCount() {
        return (int) collections.stream().filter(CollectionEntry::isView).count();
    }

    /** The collection or view of that name, or null. */
    public CollectionEntry collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
