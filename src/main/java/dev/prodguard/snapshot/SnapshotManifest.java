package dev.prodguard.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * The commit point of a snapshot, written after all its objects: id (time-sortable), source
 * database, start and end instants (ISO-8601, UTC), and every collection and view it holds.
 */
public record SnapshotManifest(int format, String id, String db, String startedAt, String finishedAt,
        long durationMillis, String tool, List<CollectionEntry> collections) {
    /** The manifest format this code writes and reads. */
    public static final int FORMAT = 1;
    /** The repository manifest kind of snapshots. */
    public static final String KIND = "snapshot";

    public SnapshotManifest {
        collections = collections == null ? List.of() : List.copyOf(collections);
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
