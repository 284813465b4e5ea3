package dev.prodguard.verify;

import java.util.List;

/**
 * One problem {@code verify} found: its {@code kind} (the constants below), the data {@code object} and/or the
 * {@code manifest} (or record) it concerns as storage keys, what is wrong ({@code message}, one sentence), and
 * the restore points it affects in the user's words ({@code affects}, e.g. "point-in-time restores of shop
 * between 2026-11-25T10:00:00Z and 2026-11-25T11:30:00Z").
 */
public record Problem(String kind, String object, String manifest, String message, List<String> affects) {
    /** A snapshot manifest: unreadable, missing although something names it, or not matching its objects. */
    public static final String SNAPSHOT = "snapshot";
    /** A data object of a snapshot: missing, damaged, or not holding what its manifest records. */
    public static final String SNAPSHOT_OBJECT = "snapshot-object";
    /** A change segment manifest: unreadable, inconsistent, or missing from the consecutive sequence. */
    public static final String SEGMENT = "segment";
    /** A change segment's data object: missing, damaged, or events that do not decode or match the manifest. */
    public static final String SEGMENT_OBJECT = "segment-object";
    /** Two consecutive segments out of the order capture writes them in. */
    public static final String CONTINUITY = "continuity";
    /** An anchor manifest: unreadable, or naming a segment that is not there. */
    public static final String ANCHOR = "anchor";
    /** A gap manifest: unreadable, or evidently missing. */
    public static final String GAP = "gap";
    /** The capture tip record: unreadable, or missing while the status record shows capture advanced it. */
    public static final String TIP = "tip";
    /** Another record (capture status, history marker, last restore test): unreadable. */
    public static final String RECORD = "record";

    public Problem {
        affects = List.copyOf(affects);
    }

    /** The storage key to name first: the data object, else the manifest or record. */
    public String key() {
        return object != null ? object : manifest;
    }
}
