package dev.prodguard.restore;

import dev.prodguard.config.DatabaseNames;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Builds restore plans from manifests alone: no database is read or written here. */
public final class RestorePlanner {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RestorePlanner() {}

    /**
     * Plans restoring snapshot {@code snapshotIdOrLatest} of database {@code db} ("latest": its newest
     * regular snapshot, never a safety snapshot); the default target is named after the clock's now.
     */
    public static RestorePlan forSnapshot(Repository repo, String db, String snapshotIdOrLatest, RestoreRequest request,
            Clock clock) {
        return plan(new SnapshotCatalog(repo).resolve(snapshotIdOrLatest, db), request, clock);
    }

    /** Plans restoring snapshot {@code snapshotIdOrLatest} of a repository of one database; the default target is named after now. */
    public static RestorePlan forSnapshot(Repository repo, String snapshotIdOrLatest, RestoreRequest request) {
        return forSnapshot(repo, snapshotIdOrLatest, request, Clock.systemUTC());
    }

    /** As {@link #forSnapshot(Repository, String, RestoreRequest)}, with the clock naming the default target. */
    public static RestorePlan forSnapshot(Repository repo, String snapshotIdOrLatest, RestoreRequest request, Clock clock) {
        SnapshotManifest m = new SnapshotCatalog(repo).resolve(snapshotIdOrLatest);
        return plan(m, request, clock);
    }

    /** Plans restoring a manifest already loaded. */
    public static RestorePlan plan(SnapshotManifest m, RestoreRequest request, Clock clock) {
        boolean defaulted = request.targetDb() == null || request.targetDb().isBlank();
        String target = defaulted ? defaultTarget(m.db(), clock) : request.targetDb();
        try {
            DatabaseNames.check(target, defaulted ? "the default target database name '" + target
                    + "' (choose one with --target-db)" : "--target-db");
        } catch (ProdguardException e) {
            throw ProdguardException.usage(e.getMessage());
        }
        NamespaceFilter filter = new NamespaceFilter(request.include(), request.exclude());
        List<CollectionEntry> collections = new ArrayList<>();
        List<CollectionEntry> views = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (CollectionEntry c : m.collections()) {
            if (SnapshotService.EXCLUDED.contains(c.name())) {
                continue; // prodguard's scratch collections are never restored (snapshots leave them out anyway)
            }
            if (!filter.accepts(m.db(), c.name())) {
                excluded.add(c.name());
            } else if (c.isView()) {
                views.add(c);
            } else {
                collections.add(c);
            }
        }
        if (collections.isEmpty() && views.isEmpty() && !m.collections().isEmpty()) {
            throw ProdguardException.usage("--include/--exclude left nothing to restore from snapshot " + m.id()
                    + "; it holds: " + String.join(", ", m.collections().stream().map(CollectionEntry::name).toList()));
        }
        return new RestorePlan(m, target, defaulted, request.force(), collections, views, List.of(), excluded);
    }

    /** {@code <db>_restored_<yyyyMMdd'T'HHmmss'Z'>}. */
    public static String defaultTarget(String sourceDb, Clock clock) {
        return sourceDb + "_restored_" + STAMP.format(clock.instant());
    }
}
