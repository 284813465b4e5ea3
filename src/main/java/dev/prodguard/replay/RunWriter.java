package dev.prodguard.replay;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.Namespace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Writes a run of bulk-writable document events on one collection with exactly the effect of
 * applying them one at a time, in order. A run of inserts with distinct {@code _id}s into a
 * collection without unique secondary indexes, collation or capping goes as one unordered bulk
 * write (no two of its writes can interact, so order cannot matter), and the inserts it rejects
 * (documents the target already holds) are then applied one by one, in order. Any other run goes as
 * ordered bulk writes: where one stops at a rejected write, that event is applied alone and the bulk
 * write resumes after it, so the sequence of effects is the one-at-a-time sequence.
 */
final class RunWriter {
    private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    private static final InsertManyOptions UNORDERED_INSERT = new InsertManyOptions().ordered(false);
    private static final int DUPLICATE_KEY = 11000;

    private final MongoClient client;
    private final Function<ChangeEvent, ReplayStats> single;
    private final Map<Namespace, Boolean> insertOrderFree = new ConcurrentHashMap<>();

    /** {@code single} applies one event idempotently (the fallback for a write the bulk write rejected). */
    RunWriter(MongoClient client, Function<ChangeEvent, ReplayStats> single) {
        this.client = client;
        this.single = single;
    }

    /** Forgets what it learned about collections (after a drop, rename, create or index change). */
    void forgetCollections() {
        insertOrderFree.clear();
    }

    /** Writes the run; every event must have a {@link BulkModels#of} model. */
    ReplayStats write(List<ChangeEvent> run, Namespace target) {
        if (run.isEmpty()) {
            return ReplayStats.NONE;
        }
        MongoCollection<BsonDocument> coll = client.getDatabase(target.db()).getCollection(target.coll(), BsonDocument.class);
        if (distinctInserts(run) && insertOrderFree(target)) {
            return unordered(coll, run);
        }
        return ordered(coll, run, models(run));
    }

    private ReplayStats unordered(MongoCollection<BsonDocument> coll, List<ChangeEvent> run) {
        try {
            List<RawBsonDocument> raw = rawDocuments(run);
            if (raw != null) {
                // documents as read from segments: written as they are, as a snapshot's restore writes them (a collection
                // of BsonDocument would look up a codec and check for an _id by parsing, document by document)
                coll.withDocumentClass(RawBsonDocument.class).insertMany(raw, UNORDERED_INSERT);
            } else {
                coll.bulkWrite(models(run), UNORDERED);
            }
            return new ReplayStats(run.size(), 0, 0);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().isEmpty()) {
                throw e;
            }
            List<Integer> failed = new ArrayList<>();
            for (BulkWriteError err : e.getWriteErrors()) {
                failed.add(err.getIndex());
            }
            failed.sort(null);
            ReplayStats stats = new ReplayStats(run.size() - failed.size(), 0, 0);
            // inserts of documents the target holds already (a base that has them): their one-at-a-time effect is an
            // upserting replace each, and these cannot interact either (distinct _ids, no unique secondary index)
            List<ChangeEvent> again = new ArrayList<>();
            List<WriteModel<BsonDocument>> upserts = new ArrayList<>();
            for (int i : failed) {
                again.add(run.get(i));
                upserts.add(BulkModels.asUpsert((ChangeEvent.Insert) run.get(i)));
            }
            try {
                coll.bulkWrite(upserts, UNORDERED);
                return stats.plus(new ReplayStats(again.size(), 0, 0));
            } catch (MongoBulkWriteException e2) {
                if (e2.getWriteErrors().isEmpty()) {
                    throw e2;
                }
                Set<Integer> rejected = new HashSet<>();
                e2.getWriteErrors().forEach(w -> rejected.add(w.getIndex()));
                stats = stats.plus(new ReplayStats(again.size() - rejected.size(), 0, 0));
                for (int i = 0; i < again.size(); i++) {
                    if (rejected.contains(i)) {
                        stats = stats.plus(single.apply(again.get(i)));
                    }
                }
                return stats;
            }
        }
    }

    private ReplayStats ordered(MongoCollection<BsonDocument> coll, List<ChangeEvent> run, List<WriteModel<BsonDocument>> models) {
        ReplayStats stats = ReplayStats.NONE;
        int from = 0;
        while (from < run.size()) {
            try {
                coll.bulkWrite(models.subList(from, run.size()), ORDERED);
                return stats.plus(new ReplayStats(run.size() - from, 0, 0));
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().isEmpty()) {
                    throw e;
                }
                int stopped = from + e.getWriteErrors().get(0).getIndex();
                stats = stats.plus(new ReplayStats(stopped - from, 0, 0)).plus(single.apply(run.get(stopped)));
                from = stopped + 1;
                if (e.getWriteErrors().get(0).getCode() == DUPLICATE_KEY) {
                    // the target holds documents this run inserts (a base that has them): the rest of the run's inserts
                    // go as upserting replaces, which is what applying each alone does, so one rejection each is avoided
                    for (int i = from; i < run.size(); i++) {
                        if (run.get(i) instanceof ChangeEvent.Insert x && models.get(i) instanceof InsertOneModel) {
                            models.set(i, BulkModels.asUpsert(x));
                        }
                    }
                }
            }
        }
        return stats;
    }

    /** Whether every event is an insert (whose bulk form is an insert, {@link BulkModels#of}) and no {@code _id} occurs twice. */
    private static boolean distinctInserts(List<ChangeEvent> run) {
        Set<BsonValue> ids = new HashSet<>();
        for (ChangeEvent e : run) {
            if (!(e instanceof ChangeEvent.Insert i) || !ids.add(i.documentId())) {
                return false;
            }
        }
        return true;
    }

    /** The bulk form of every event ({@link BulkModels#of}). */
    private static List<WriteModel<BsonDocument>> models(List<ChangeEvent> run) {
        List<WriteModel<BsonDocument>> models = new ArrayList<>(run.size());
        run.forEach(e -> models.add(BulkModels.of(e)));
        return models;
    }

    /** The inserted documents when every one is raw (read from a segment), else null. */
    private static List<RawBsonDocument> rawDocuments(List<ChangeEvent> inserts) {
        List<RawBsonDocument> raw = new ArrayList<>(inserts.size());
        for (ChangeEvent e : inserts) {
            if (!(((ChangeEvent.Insert) e).document() instanceof RawBsonDocument d)) {
                return null;
            }
            raw.add(d);
        }
        return raw;
    }

    /**
     * Whether inserts into the collection cannot interact: no unique index besides {@code _id} (a
     * rejected insert must not depend on which others went first), not capped (insertion order
     * decides what is evicted), no default collation (two different {@code _id}s could be equal).
     */
    private boolean insertOrderFree(Namespace target) {
        Boolean known = insertOrderFree.get(target);
        if (known != null) {
            return known;
        }
        boolean free = listInsertOrderFree(target);
        insertOrderFree.put(target, free);
        return free;
    }

    private boolean listInsertOrderFree(Namespace ns) {
        MongoDatabase db = client.getDatabase(ns.db());
        BsonDocument info = db.listCollections(BsonDocument.class).filter(Filters.eq("name", ns.coll())).first();
        if (info == null) {
            return true; // created by the first insert, with nothing but the _id index
        }
        BsonDocument options = info.getDocument("options", new BsonDocument());
        if (truthy(options.get("capped")) || options.containsKey("collation") || options.containsKey("timeseries")
                || !"collection".equals(info.getString("type", new BsonString("collection")).getValue())) {
            return false;
        }
        for (BsonDocument ix : db.getCollection(ns.coll()).listIndexes(BsonDocument.class)) {
            boolean idIndex = "_id_".equals(ix.getString("name", new BsonString("")).getValue());
            if (!idIndex && truthy(ix.get("unique"))) {
                return false;
            }
        }
        return true;
    }

    /** A flag as servers spell it: true, or a non-zero number. */
    private static boolean truthy(BsonValue v) {
        if (v == null) {
            return false;
        }
        return v.isBoolean() ? v.asBoolean().getValue() : v.isNumber() && v.asNumber().doubleValue() != 0;
    }
}
