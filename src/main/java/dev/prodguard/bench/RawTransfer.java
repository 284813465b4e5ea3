package dev.prodguard.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import dev.prodguard.snapshot.BsonStream;
import dev.prodguard.snapshot.RawCursor;
import dev.prodguard.snapshot.Workers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bson.RawBsonDocument;

/**
 * The limits a snapshot and a restore are measured against: what the driver alone does with the
 * same data, the same batch sizes and the same number of collections at once. A raw drain reads
 * every collection with {@code find()} into {@link RawBsonDocument}s and keeps nothing (a buffer drain,
 * informative, reads as a snapshot does and keeps nothing); a raw insert
 * streams the same raw documents (spooled to local files once, untimed) into a fresh database with
 * unordered {@code insertMany}.
 */
final class RawTransfer {
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false)
            .bypassDocumentValidation(true);

    /** Documents and raw BSON bytes moved. */
    record Totals(long documents, long bytes) {
        Totals plus(Totals o) {
            return new Totals(documents + o.documents, bytes + o.bytes);
        }
    }

    private RawTransfer() {}

    /** Reads every collection fully; when {@code spool} is not null, writes each collection's BSON to spool/&lt;name&gt;.bson. */
    static Totals drain(MongoDatabase db, List<String> collections, int batchSize, int parallelism, Path spool) {
        List<Callable<Totals>> tasks = new ArrayList<>();
        for (String name : collections) {
            tasks.add(() -> drainOne(db.getCollection(name, RawBsonDocument.class), batchSize,
                    spool == null ? null : spool.resolve(fileName(name))));
        }
        return runAll(tasks, parallelism);
    }

    /**
     * Reads every collection as a snapshot does ({@link RawCursor}: reply buffers, no per-document copy,
     * a session per collection when the server has sessions) and keeps nothing.
     */
    static Totals drainBuffers(MongoClient client, MongoDatabase db, List<String> collections, int batchSize, int parallelism) {
        boolean sessions = client.getClusterDescription().getLogicalSessionTimeoutMinutes() != null;
        List<Callable<Totals>> tasks = new ArrayList<>();
        for (String name : collections) {
            tasks.add(() -> {
                long[] n = new long[2];
                try (ClientSession session = sessions ? client.startSession() : null;
                        RawCursor cursor = new RawCursor(db, session, name, batchSize)) {
                    RawCursor.Batch b;
                    while ((b = cursor.next()) != null) {
                        b.forEach((bytes, off, len) -> {
                            n[0]++;
                            n[1] += len;
                        });
                    }
                }
                return new Totals(n[0], n[1]);
            });
        }
        return runAll(tasks, parallelism);
    }

    /** Inserts the spooled documents of each collection into {@code target}, in batches like a restore. */
    static Totals insert(MongoDatabase target, List<String> collections, Path spool, int batchSize, long maxBatchBytes,
            int parallelism) {
        List<Callable<Totals>> tasks = new ArrayList<>();
        for (String name : collections) {
            tasks.add(() -> insertOne(target.getCollection(name, RawBsonDocument.class), spool.resolve(fileName(name)),
                    batchSize, maxBatchBytes));
        }
        return runAll(tasks, parallelism);
    }

    private static Totals drainOne(MongoCollection<RawBsonDocument> coll, int batchSize, Path spoolFile) throws IOException {
        long docs = 0;
        long bytes = 0;
        try (OutputStream out = spoolFile == null ? null : new BufferedOutputStream(Files.newOutputStream(spoolFile), 1 << 16);
                MongoCursor<RawBsonDocument> cursor = coll.find().batchSize(batchSize).iterator()) {
            while (cursor.hasNext()) {
                ByteBuffer buf = cursor.next().getByteBuffer().asNIO();
                int len = buf.remaining();
                if (out != null) {
                    out.write(buf.array(), buf.arrayOffset() + buf.position(), len);
                }
                docs++;
                bytes += len;
            }
        }
        return new Totals(docs, bytes);
    }

    private static Totals insertOne(MongoCollection<RawBsonDocument> coll, Path file, int batchSize, long maxBatchBytes)
            throws IOException {
        long docs = 0;
        long bytes = 0;
        List<RawBsonDocument> batch = new ArrayList<>();
        long batchBytes = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            BsonStream stream = new BsonStream(in, file.toString());
            byte[] doc;
            while ((doc = stream.next()) != null) {
                if (!batch.isEmpty() && (batch.size() >= batchSize || batchBytes + doc.length > maxBatchBytes)) {
                    coll.insertMany(batch, UNORDERED);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
                batch.add(new RawBsonDocument(doc));
                batchBytes += doc.length;
                docs++;
                bytes += doc.length;
            }
        }
        if (!batch.isEmpty()) {
            coll.insertMany(batch, UNORDERED);
        }
        return new Totals(docs, bytes);
    }

    private static String fileName(String collection) {
        return java.net.URLEncoder.encode(collection, java.nio.charset.StandardCharsets.UTF_8) + ".bson";
    }

    /** Runs the collections on the same shared worker threads a snapshot and a restore use, so both sides start none. */
    private static Totals runAll(List<Callable<Totals>> tasks, int parallelism) {
        Totals sum = new Totals(0, 0);
        for (Totals t : Workers.run(tasks, parallelism, "bench-raw").awaitAll()) { // an IOException comes as UncheckedIOException
            sum = sum.plus(t);
        }
        return sum;
    }
}
