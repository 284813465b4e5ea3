package dev.prodguard.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.BsonStream;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.Ejson;
import dev.prodguard.snapshot.HandOff;
import dev.prodguard.snapshot.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

/**
 * Restores one collection: creates it with its stored options, streams its objects as raw BSON
 * into unordered bulk inserts (decoding one batch ahead on a second thread), then builds its indexes
 * from the stored definitions.
 */
final class CollectionLoader {
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false)
            .bypassDocumentValidation(true);

    private final Repository repo;
    private final RestoreOptions options;
    private final ProgressListener progress;

    CollectionLoader(Repository repo, RestoreOptions options, ProgressListener progress) {
        this.repo = repo;
        this.options = options;
        this.progress = progress;
    }

    /** Creates a collection or view with the options recorded by listCollections. */
    static void create(MongoDatabase db, CollectionEntry c) {
        BsonDocument cmd = new BsonDocument("create", new BsonString(c.name()));
        cmd.putAll(Ejson.toBson(c.options()));
        db.runCommand(cmd);
    }

    /**
     * Inserts the collection's documents; {@code written} counts what reached the server. The stored
     * objects are read and decoded on a second thread one batch ahead ({@link HandOff}), so that the
     * next batch is ready while the server inserts the current one.
     */
    void loadData(MongoDatabase db, CollectionEntry c, AtomicLong written) {
        MongoCollection<RawBsonDocument> coll = db.getCollection(c.name(), RawBsonDocument.class);
        try (HandOff<Batch> batches = new HandOff<>("restore-reader", emit -> read(c, emit))) {
            Batch b;
            while ((b = batches.next()) != null) {
                insert(coll, b.docs(), b.bytes(), written);
            }
        }
    }

    /** One insert batch and its raw size. */
    private record Batch(List<RawBsonDocument> docs, long bytes) {}

    /** Runs on the reader thread: the collection's objects, decoded into insert batches. */
    private void read(CollectionEntry c, HandOff.Emitter<Batch> emit) throws InterruptedException {
        List<RawBsonDocument> batch = new ArrayList<>();
        long batchBytes = 0;
        for (ObjectRef ref : c.objects()) {
            try (InputStream in = repo.openObject(ref)) {
                BsonStream docs = new BsonStream(in, ref.key());
                byte[] doc;
                while ((doc = docs.next()) != null) {
                    if (!batch.isEmpty() && (batch.size() >= options.batchSize()
                            || batchBytes + doc.length > options.maxBatchBytes())) {
                        emit.emit(new Batch(batch, batchBytes));
                        batch = new ArrayList<>();
                        batchBytes = 0;
                    }
                    batch.add(new RawBsonDocument(doc));
                    batchBytes += doc.length;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading stored object " + ref.key() + " failed: " + e.getMessage(), e);
            }
        }
        if (!batch.isEmpty()) {
            emit.emit(new Batch(batch, batchBytes));
        }
    }

    private void insert(MongoCollection<RawBsonDocument> coll, List<RawBsonDocument> batch, long bytes, AtomicLong written) {
        try {
            coll.insertMany(batch, UNORDERED);
            written.addAndGet(batch.size());
        } catch (MongoBulkWriteException e) {
            written.addAndGet(batch.size() - e.getWriteErrors().size());
            throw e;
        }
        progress.advanced(batch.size(), bytes);
    }

    /** Builds the secondary indexes recorded for the collection (the _id index exists already). */
    static int buildIndexes(MongoDatabase db, CollectionEntry c) {
        BsonArray specs = new BsonArray();
        for (JsonNode ix : c.indexes()) {
            BsonDocument spec = Ejson.toBson(ix);
            if ("_id_".equals(spec.getString("name", new BsonString("")).getValue())
                    || spec.getBoolean("clustered", org.bson.BsonBoolean.FALSE).getValue()) {
                continue;
            }
            spec.remove("ns");
            specs.add(spec);
        }
        if (!specs.isEmpty()) {
            db.runCommand(new BsonDocument("createIndexes", new BsonString(c.name())).append("indexes", specs));
        }
        return specs.size();
    }
}
