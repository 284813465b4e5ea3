package dev.prodguard.replay;

import dev.prodguard.capture.CaptureProbe;
import dev.prodguard.capture.Namespace;
import dev.prodguard.snapshot.SnapshotService;
import java.util.Map;
import java.util.Set;

/**
 * Maps captured namespaces onto the target: each source database to a target database (restores go
 * into a new database by default). Events of unmapped databases and of excluded collections (prodguard's
 * scratch collections: capture's heartbeat, doctor's connection test, a restore's marker) are not replayed.
 */
public final class NamespaceMap {
    /** The collection capture writes its sentinel into; never restored. */
    public static final String HEARTBEAT_COLLECTION = CaptureProbe.HEARTBEAT_COLLECTION;

    private final Map<String, String> databases;
    private final Set<String> excludedCollections;

    public NamespaceMap(Map<String, String> databases, Set<String> excludedCollections) {
        this.databases = Map.copyOf(databases);
        this.excludedCollections = Set.copyOf(excludedCollections);
    }

    /** Maps one source database to one target database, excluding prodguard's scratch collections. */
    public static NamespaceMap single(String sourceDb, String targetDb) {
        return new NamespaceMap(Map.of(sourceDb, targetDb), SnapshotService.EXCLUDED);
    }

    /** The target database for a source database, or null when it is not replayed. */
    public String targetDb(String sourceDb) {
        return databases.get(sourceDb);
    }

    /** The target namespace, or null when the event's namespace is not replayed. */
    public Namespace map(Namespace source) {
        if (source == null) {
            return null;
        }
        String db = databases.get(source.db());
        if (db == null || (source.coll() != null && excludedCollections.contains(source.coll()))) {
            return null;
        }
        return source.withDb(db);
    }
}
