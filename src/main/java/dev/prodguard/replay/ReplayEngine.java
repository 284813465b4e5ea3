package dev.prodguard.replay;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOptions;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.UpdateDelta;
import dev.prodguard.snapshot.Workers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies normalised change events to a target database, idempotently: applying an event twice
 * leaves the same state as applying it once, so replay may start anywhere before the snapshot it
 * builds on. Inserts and replaces are upserting replaces, updates are {@code $set}/{@code $unset}
 * plus {@code $push}/{@code $slice} truncation (or an in-memory patch for paths {@code $set} cannot
 * name), deletes and drops tolerate what is already gone, renames replace an existing target.
 */
public final class ReplayEngine {
    private static final Logger log = LoggerFactory.getLogger(ReplayEngine.class);
    private static final Set<Integer> ALREADY_DONE_CODES = Set.of(26, 27, 48, 85, 86);
    private static final ReplayStats APPLIED = new ReplayStats(1, 0, 0);
    private static final ReplayStats SKIPPED = new ReplayStats(0, 1, 0);
    private static final ReplayStats CONFLICT = new ReplayStats(0, 0, 1);
    private static final int BULK_SIZE = 1000;

    private final MongoClient client;
    private final NamespaceMap map;
    private final RunWriter runs;
    private final int parallelism;

    public ReplayEngine(MongoClient client, NamespaceMap map) {
        this(client, map, 1);
    }

    /** An engine that writes to up to {@code parallelism} collections at once (restore's PRODGUARD_PARALLELISM). */
    public ReplayEngine(MongoClient client, NamespaceMap map, int parallelism) {
        this.client = client;
        this.map = map;
        this.runs = new RunWriter(client, this::apply);
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Applies events in cluster-time order (stable for events sharing a cluster time, as in a
     * transaction). Runs of document events on one collection go as bulk writes with exactly the
     * effect of applying them one at a time ({@link RunWriter}); a run holds up to {@value #BULK_SIZE}
     * events of one collection, however the collections' events interleave (a user, then their wallet, ...). Events that have no bulk form (drop, rename, dropDatabase,
     * index changes, truncations) are applied alone, in order; between two of them the runs of
     * different collections are written at the same time, up to {@code parallelism} collections at
     * once, each collection's runs in order: a collection's documents depend only on its own events,
     * so the result is the one of applying every event one at a time, in order.
     */
    public ReplayStats applyAll(List<? extends ChangeEvent> events) {
        List<ChangeEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(e -> e.meta().clusterTime()));
        ReplayStats stats = ReplayStats.NONE;
        Map<Namespace, List<List<ChangeEvent>>> pending = new LinkedHashMap<>();
        for (ChangeEvent e : ordered) {
            Namespace target = map.map(e.meta().ns());
            if (target != null && BulkModels.of(e) != null) {
                List<List<ChangeEvent>> runsOf = pending.computeIfAbsent(target, t -> new ArrayList<>());
                if (runsOf.isEmpty() || runsOf.get(runsOf.size() - 1).size() >= BULK_SIZE) {
                    runsOf.add(new ArrayList<>());
                }
                runsOf.get(runsOf.size() - 1).add(e);
                continue;
            }
            stats = stats.plus(flush(pending)).plus(apply(e));
            if (!(e instanceof ChangeEvent.DocumentEvent)) {
                runs.forgetCollections();
            }
        }
        return stats.plus(flush(pending));
    }

    /** Writes the pending runs, each collection's in order, collections side by side. */
    private ReplayStats flush(Map<Namespace, List<List<ChangeEvent>>> pending) {
        if (pending.isEmpty()) {
            return ReplayStats.NONE;
        }
        List<Callable<ReplayStats>> tasks = new ArrayList<>();
        pending.forEach((target, runsOf) -> tasks.add(() -> {
            ReplayStats done = ReplayStats.NONE;
            for (List<ChangeEvent> run : runsOf) {
                done = done.plus(runs.write(run, target));
            }
            return done;
        }));
        pending.clear();
        if (tasks.size() == 1 || parallelism == 1) {
            ReplayStats stats = ReplayStats.NONE;
            for (Callable<ReplayStats> t : tasks) {
                try {
                    stats = stats.plus(t.call());
                } catch (Exception e) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e); // tasks throw none
                }
            }
            return stats;
        }
        Workers.Group<ReplayStats> group = Workers.run(tasks, parallelism, "replay");
        try {
            return group.awaitAll().stream().reduce(ReplayStats.NONE, ReplayStats::plus);
        } catch (RuntimeException | Error e) {
            group.cancel(30); // the other collections stop before the error is reported
            throw e;
        }
    }

    /** Applies one event. */
    public ReplayStats apply(ChangeEvent event) {
        if (event instanceof ChangeEvent.DropDatabase) {
            String db = map.targetDb(event.meta().ns().db());
            if (db == null) {
                return SKIPPED;
            }
            client.getDatabase(db).drop();
            return APPLIED;
        }
        Namespace target = map.map(event.meta().ns());
        if (target == null || target.coll() == null) {
            return SKIPPED;
        }
        MongoCollection<BsonDocument> coll = client.getDatabase(target.db()).getCollection(target.coll(), BsonDocument.class);
        try {
            return applyTo(event, coll, target);
        } catch (MongoWriteException e) {
            log.warn("replay conflict on {} at {}: {}", target, event.meta().clusterTime(), e.getError().getMessage());
            return CONFLICT;
        }
    }

    private ReplayStats applyTo(ChangeEvent event, MongoCollection<BsonDocument> coll, Namespace target) {
        if (event instanceof ChangeEvent.Insert e) {
            return upsert(coll, e.documentKey(), e.document());
        } else if (event instanceof ChangeEvent.Replace e) {
            return upsert(coll, e.documentKey(), e.document());
        } else if (event instanceof ChangeEvent.PostImageUpdate e) {
            return e.postImage() == null ? SKIPPED : upsert(coll, e.documentKey(), e.postImage());
        } else if (event instanceof ChangeEvent.Update e) {
            return update(coll, idFilter(e.documentKey()), e.delta());
        } else if (event instanceof ChangeEvent.Delete e) {
            coll.deleteOne(idFilter(e.documentKey()));
            return APPLIED;
        } else if (event instanceof ChangeEvent.Drop) {
            coll.drop();
            return APPLIED;
        } else if (event instanceof ChangeEvent.Rename e) {
            return rename(target, e);
        } else if (event instanceof ChangeEvent.Create e) {
            BsonDocument cmd = new BsonDocument("create", new BsonString(target.coll()));
            e.options().forEach((k, v) -> {
                if (!k.equals("idIndex")) {
                    cmd.append(k, v);
                }
            });
            return command(target.db(), cmd);
        } else if (event instanceof ChangeEvent.CreateIndexes e) {
            BsonArray specs = new BsonArray();
            for (BsonDocument spec : e.indexes()) {
                BsonDocument s = spec.clone();
                s.remove("v");
                s.remove("ns");
                specs.add(s);
            }
            return command(target.db(), new BsonDocument("createIndexes", new BsonString(target.coll())).append("indexes", specs));
        } else if (event instanceof ChangeEvent.DropIndexes e) {
            for (BsonDocument spec : e.indexes()) {
                if (spec.isString("name")) {
                    command(target.db(), new BsonDocument("dropIndexes", new BsonString(target.coll())).append("index", spec.getString("name")));
                }
            }
            return APPLIED;
        } else if (event instanceof ChangeEvent.ObservedIndexes e) {
            return observedIndexes(target, e.indexes());
        }
        // Invalidate ends a stream, it changes no data; Other events are not replayable.
        return SKIPPED;
    }

    /** Makes the target collection's indexes exactly {@code wanted} ({@code _id_} kept): drops the others, creates the missing. */
    private ReplayStats observedIndexes(Namespace target, List<BsonDocument> wanted) {
        MongoDatabase db = client.getDatabase(target.db());
        java.util.Map<String, BsonDocument> want = new java.util.LinkedHashMap<>();
        for (BsonDocument spec : wanted) {
            BsonDocument s = spec.clone();
            s.remove("v");
            s.remove("ns");
            want.put(s.getString("name").getValue(), s);
        }
        java.util.Map<String, BsonDocument> have = new java.util.LinkedHashMap<>();
        if (exists(db, target.coll())) {
            for (BsonDocument i : db.getCollection(target.coll()).listIndexes(BsonDocument.class)) {
                BsonDocument s = i.clone();
                s.remove("v");
                s.remove("ns");
                have.put(s.getString("name").getValue(), s);
            }
        }
        for (java.util.Map.Entry<String, BsonDocument> h : have.entrySet()) {
            if (!h.getKey().equals("_id_") && !h.getValue().equals(want.get(h.getKey()))) {
                command(target.db(), new BsonDocument("dropIndexes", new BsonString(target.coll()))
                        .append("index", new BsonString(h.getKey())));
            }
        }
        BsonArray create = new BsonArray();
        want.forEach((name, spec) -> {
            if (!name.equals("_id_") && !spec.equals(have.get(name))) {
                create.add(spec);
            }
        });
        if (!create.isEmpty()) {
            command(target.db(), new BsonDocument("createIndexes", new BsonString(target.coll())).append("indexes", create));
        }
        return APPLIED;
    }

    private static ReplayStats upsert(MongoCollection<BsonDocument> coll, BsonDocument key, BsonDocument doc) {
        coll.replaceOne(idFilter(key), doc, new ReplaceOptions().upsert(true));
        return APPLIED;
    }

    private static ReplayStats update(MongoCollection<BsonDocument> coll, Bson filter, UpdateDelta delta) {
        if (delta.needsExactComponents()) {
            BsonDocument current = coll.find(filter).first();
            if (current == null) {
                return SKIPPED;
            }
            coll.replaceOne(filter, DocumentPatcher.apply(current, delta));
            return APPLIED;
        }
        for (UpdateDelta.Truncation t : delta.truncated()) {
            BsonDocument push = new BsonDocument(t.path().dotted(),
                    new BsonDocument("$each", new BsonArray()).append("$slice", new BsonInt32(t.newSize())));
            coll.updateOne(Filters.and(filter, Filters.exists(t.path().dotted())), new BsonDocument("$push", push));
        }
        BsonDocument spec = BulkModels.spec(delta);
        if (!spec.isEmpty()) {
            coll.updateOne(filter, spec);
        }
        return APPLIED;
    }

    private ReplayStats rename(Namespace source, ChangeEvent.Rename e) {
        Namespace to = map.map(e.to());
        MongoDatabase db = client.getDatabase(source.db());
        if (!exists(db, source.coll())) {
            return SKIPPED; // already renamed by an earlier replay, or never existed in the target
        }
        if (to == null) {
            // renamed out of the captured databases: from here on it is gone from ours
            db.getCollection(source.coll()).drop();
            return APPLIED;
        }
        db.getCollection(source.coll()).renameCollection(new MongoNamespace(to.db(), to.coll()),
                new RenameCollectionOptions().dropTarget(true));
        return APPLIED;
    }

    private static boolean exists(MongoDatabase db, String coll) {
        return db.listCollectionNames().into(new ArrayList<>()).contains(coll);
    }

    private ReplayStats command(String db, BsonDocument cmd) {
        try {
            client.getDatabase(db).runCommand(cmd);
            return APPLIED;
        } catch (MongoCommandException e) {
            if (ALREADY_DONE_CODES.contains(e.getErrorCode())) {
                return SKIPPED;
            }
            throw e;
        }
    }

    static Bson idFilter(BsonDocument key) {
        BsonValue id = key.get("_id");
        return Filters.eq("_id", id);
    }
}
