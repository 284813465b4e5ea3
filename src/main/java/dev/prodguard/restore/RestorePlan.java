package dev.prodguard.restore;

import dev.prodguard.repo.ObjectRef;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a restore will do, decided before touching any database: the snapshot to load, the target
 * database, the collections (data, then indexes) and views to create, the change segments to replay
 * afterwards (point-in-time restores), and what the include/exclude patterns left out.
 */
public record RestorePlan(SnapshotManifest snapshot, String targetDb, boolean targetDefaulted, boolean force,
        List<CollectionEntry> collections, List<CollectionEntry> views, List<ReplayStep> replay,
        List<String> excluded) {
    public RestorePlan {
        collections = List.copyOf(collections);
        views = List.copyOf(views);
        replay = replay == null ? List.of() : List.copyOf(replay);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    /** Every stored object the restore reads, in order. */
    public List<ObjectRef> objects() {
        return Stream.concat(collections.stream().flatMap(c -> c.objects().stream()),
                replay.stream().flatMap(r -> r.objects().stream())).toList();
    }

    public long documents() {
        return collections.stream().mapToLong(CollectionEntry::documents).sum();
    }

    public long rawBytes() {
        return collections.stream().mapToLong(CollectionEntry::rawBytes).sum();
    }

    /** A copy aimed at another database (e.g. the scratch database of verify --restore). */
    public RestorePlan withTarget(String db, boolean forced) {
        return new RestorePlan(snapshot, db, false, forced, collections, views, replay, excluded);
    }

    /** The plan as lines for people (--dry-run). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        SnapshotManifest s = snapshot;
        out.add("restore plan");
        out.add("  source:  snapshot " + s.id() + " of database " + s.db() + " (finished " + Instants.human(s.finished()) + ")");
        out.add("  target:  database " + targetDb + (targetDefaulted ? " (new; default name)" : "")
                + "; must hold none of your collections (prodguard's own do not count)" + (force ? ", or with --force:"
                + " safety snapshot of it first, then the restored collections are dropped and replaced"
                : " (--force allows one that does, after a safety snapshot)"));
        List<ObjectRef> objects = objects();
        out.add("  1. check " + objects.size() + " stored object(s) (" + Sizes.human(objects.stream()
                .mapToLong(ObjectRef::storedBytes).sum()) + " stored) before writing anything");
        out.add("  2. load data: " + collections.size() + " collection(s), " + documents() + " document(s), "
                + Sizes.human(rawBytes()) + " raw; unordered bulk inserts, collections in parallel");
        for (CollectionEntry c : collections) {
            out.add("       " + c.name() + ": " + c.documents() + " document(s), " + Sizes.human(c.rawBytes())
                    + " in " + c.objects().size() + " object(s)");
        }
        long indexes = collections.stream().mapToLong(c -> c.indexes().stream()
                .filter(i -> !"_id_".equals(i.path("name").asText())).count()).sum();
        out.add("  3. build indexes: " + indexes + " secondary index definition(s)");
        out.add("  4. create views: " + (views.isEmpty() ? "none" : String.join(", ", views.stream()
                .map(CollectionEntry::name).toList())));
        if (!replay.isEmpty()) {
            out.add("  5. replay " + replay.size() + " change segment(s) up to " + replay.get(replay.size() - 1).until());
        }
        if (!excluded.isEmpty()) {
            out.add("  left out by --include/--exclude: " + String.join(", ", excluded));
        }
        return out;
    }
}
