package dev.prodguard.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The outcome of {@code verify --restore}: the snapshot restored into a scratch database, each
 * collection's count and content hash compared with its manifest, and each invariant evaluated on
 * the state {@link Consistency} describes.
 */
public record RestoreTestReport(String snapshotId, String scratchDb, String at, long documents, long durationMillis,
        List<CollectionCheck> collections, List<InvariantCheck> invariants, Consistency consistency) {

    /** A report without consistency facts (records written before they existed). */
    public RestoreTestReport(String snapshotId, String scratchDb, String at, long documents, long durationMillis,
            List<CollectionCheck> collections, List<InvariantCheck> invariants) {
        this(snapshotId, scratchDb, at, documents, durationMillis, collections, invariants, null);
    }

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

    /**
     * On what state the invariants were evaluated. {@code kind} "point-in-time": the snapshot plus the
     * captured changes up to {@code consistentAt} (its finish), replayed after the collection comparison;
     * "snapshot-only": the snapshot alone, which is not point-consistent across collections if the
     * database was written to while it was read ({@code note} says why no capture covered it).
     * {@code changesDuringRead}: captured changes between the snapshot's start and finish (-1: unknown).
     */
    public record Consistency(String kind, String consistentAt, long replayedEvents, long changesDuringRead, String note) {
        /** Invariants on this state are conclusive (a failure is a real one). */
        @JsonProperty("pointInTime")
        public boolean pointInTime() {
            return "point-in-time".equals(kind);
        }
    }

    /**
     * Whether the snapshot held nothing to test (no collection): such a test proves nothing and never
     * passes; it usually means DB_NAME named an empty or wrong database when the snapshot was taken.
     */
    @JsonProperty("nothingToTest")
    public boolean nothingToTest() {
        return collections.isEmpty();
    }

    /** PASSED, FAILED, or NOTHING TO TEST, for people. */
    public String verdict() {
        return nothingToTest() ? "NOTHING TO TEST" : ok() ? "PASSED" : "FAILED";
    }

    @JsonProperty("ok")
    public boolean ok() {
        return !nothingToTest() && collections.stream().allMatch(CollectionCheck::ok)
                && invariants.stream().allMatch(InvariantCheck::ok);
    }
}
