package dev.prodguard.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.ObjectWriter;
import dev.prodguard.repo.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Streams one collection into data objects: raw BSON exactly as the server sent it (never decoded),
 * cut into objects of bounded size, hashed per document. Memory: one cursor batch plus one object writer.
 */
final class CollectionDumper {
    /** Aim of one cursor batch in bytes. */
    static final long BATCH_BYTES = 1024 * 1024;

    private final Repository repo;
    private final SnapshotOptions options;
    private final String prefix;
    private final ProgressListener listener;
    private final Consumer<ObjectRef> committed;

    /** {@code committed} hears of every object as soon as it is committed (for clean-up on failure). */
    CollectionDumper(Repository repo, SnapshotOptions options, String prefix, ProgressListener listener,
            Consumer<ObjectRef> committed) {
        this.repo = repo;
        this.options = options;
        this.prefix = prefix;
        this.listener = listener;
        this.committed = committed;
    }

    /** Dumps the collection described by its listCollections entry {@code info}; {@code meta} holds its indexes and size. */
    CollectionEntry dump(MongoDatabase db, String name, String type, BsonDocument listEntry, CollectionMetadata meta) {
        MongoCollection<RawBsonDocument> coll = db.getCollection(name, RawBsonDocument.class);
        ContentHash hash = new ContentHash();
        List<ObjectRef> objects = new ArrayList<>();
        long raw = 0;
        long pendingDocs = 0;
        long pendingBytes = 0;
        ObjectWriter out = null;
        int batch = batchSize(meta.averageDocumentBytes(name));
        try (MongoCursor<RawBsonDocument> cursor = coll.find().batchSize(batch).iterator()) {
            while (cursor.hasNext()) {
                ByteBuffer buf = cursor.next().getByteBuffer().asNIO();
                byte[] array = buf.array();
                int off = buf.arrayOffset() + buf.position();
                int len = buf.remaining();
                if (out == null) {
                    out = repo.newObject(prefix);
                }
                out.write(array, off, len);
                hash.add(array, off, len);
                raw += len;
                pendingDocs++;
                pendingBytes += len;
                if (pendingDocs >= 256 || pendingBytes >= 1 << 20) {
                    listener.advanced(pendingDocs, pendingBytes);
                    pendingDocs = 0;
                    pendingBytes = 0;
                }
                if (out.rawBytesWritten() >= options.maxObjectRawBytes()) {
                    commit(out, objects);
                    out = null;
                }
            }
            if (out != null) {
                commit(out, objects);
                out = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // discarding an uncommitted object; the original failure matters
                }
            }
        }
        listener.advanced(pendingDocs, pendingBytes);
        long stored = objects.stream().mapToLong(ObjectRef::storedBytes).sum();
        BsonDocument opts = listEntry.getDocument("options", new BsonDocument());
        BsonDocument info = listEntry.getDocument("info", new BsonDocument());
        List<JsonNode> indexes = meta.indexes(name);
        return new CollectionEntry(name, type, Ejson.toNode(opts), Ejson.toNode(info), indexes, objects,
                hash.documents(), hash.hex(), raw, stored);
    }

    /**
     * Documents per cursor batch: the configured size, lowered so that a batch of average documents
     * ({@code avgObjSize} from collStats, 0 when unknown) stays near {@link #BATCH_BYTES} (a server
     * that does not cap replies at 16 MB cannot flood the heap).
     */
    private int batchSize(double averageBytes) {
        if (averageBytes > 0) {
            long fit = (long) (BATCH_BYTES / averageBytes);
            return (int) Math.max(1, Math.min(options.batchSize(), fit));
        }
        return options.batchSize();
    }

    private void commit(ObjectWriter out, List<ObjectRef> objects) throws IOException {
        ObjectRef ref = out.commit();
        objects.add(ref);
        committed.accept(ref);
    }
}
