package dev.prodguard.capture;

/** The way capture follows a database, as {@code status} reports it. */
public enum CapturePath {
    /** One database-level change stream (real servers; Atlas M0). */
    DATABASE_STREAM("database stream"),
    /** One change stream per collection (servers whose database stream misses events). */
    COLLECTION_STREAMS("collection streams"),
    /** No change stream works: scheduled snapshots only. */
    NONE("none");

    private final String label;

    CapturePath(String label) {
        this.label = label;
    }

    /** The words shown to the user. */
    public String label() {
        return label;
    }
}
