package dev.prodguard.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The outcome of {@code verify --restore}: the snapshot restored into a scratch database, each
 * collection's count and content hash compared with its manifest, and each invariant evaluated.
 */
public record RestoreTestReport(String snapshotId, String scratchDb, String at, long documents, long durationMillis,
        List<CollectionCheck> collections, List<InvariantCheck> invariants) {
    /** One collection: what the manifest recorded and what the restored database holds. */
    public record CollectionCheck(String name, long expectedDocuments, long actualDocuments, String expectedHash,
            String actualHash) {
        @JsonProperty("ok")
        public boolean ok() {
            return expectedDocuments == actualDocuments && expectedHash.equals(actualHash);
        }
    }

    /** One invariant and why it failed (null when it held). */
    public record InvariantCheck(String name, boolean ok, String detail) {}

    @JsonProperty("ok")
    public boolean ok() {
        return collections.stream().allMatch(CollectionCheck::ok) && invariants.stream().allMatch(InvariantCheck::ok);
    }
}
