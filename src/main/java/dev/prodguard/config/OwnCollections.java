package dev.prodguard.config;

/**
 * The collections prodguard itself creates in a user's database, and the rule that they are never the
 * user's data: not a drop that counts, not documents that make a database "not empty", not activity
 * that ends a burst of drops. Everything prodguard writes there starts with {@link #PREFIX}.
 */
public final class OwnCollections {
    /** Every collection prodguard creates starts with this. */
    public static final String PREFIX = "prodguard_";
    /** Capture's heartbeat and history marker documents. */
    public static final String HEARTBEAT = "prodguard_heartbeat";
    /** Doctor's write-read-delete connection test (dropped again at once). */
    public static final String CONNECTION_TEST = "prodguard_connection_test";
    /** The marker a restore keeps in its target while it writes (removed when it succeeded). */
    public static final String RESTORE_MARKER = "prodguard_restore_in_progress";
    /** The environment marker {@code gate --mark} writes. */
    public static final String META = "prodguard_meta";

    private OwnCollections() {}

    /** Whether a collection is prodguard's own or the server's ({@code system.*}), never the user's data. */
    public static boolean isOwn(String collection) {
        return collection != null && (collection.startsWith(PREFIX) || collection.startsWith("system."));
    }
}
