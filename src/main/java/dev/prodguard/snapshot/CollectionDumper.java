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
import java.util.function.Supplier;
import com.mongodb.ReadPreference;
import com.mongodb.client.ClientSession;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Streams one collection into data objects: raw BSON exactly as the server sent it (never decoded),
 * cut into objects of bounded size, hashed per document. The cursor is read on its own thread one
 * batch ahead ({@link HandOff}). Memory: two cursor batches plus one object writer.
 */
final class CollectionDumper {
    /** Aim of one cursor batch in bytes. */
    /**
     * Bytes per cursor reply: 1 MiB, less in a small heap (a 64th of it, at least 64 KiB). Each parallel
     * reader holds about two replies and the driver pools the buffers they arrived in, and replies near a
     * G1 region's size fragment a small heap; a 32 MB heap backs up a database of any size this way.
     */
    static final long BATCH_BYTES = Math.max(64 * 1024, Math.min(1024 * 1024, Runtime.getRuntime().maxMemory() / 64));

    private final Repository repo;
    private final SnapshotOptions options;
    private final String prefix;
    private final ProgressListener listener;
    private final Consumer<ObjectRef> committed;
    private final Supplier<ClientSession> sessions;

    /**
     * {@code committed} hears of every object as soon as it is committed (for clean-up on failure);
     * {@code sessions} starts a session for one collection's cursor, or returns null when the server has none.
     */
    CollectionDumper(Repository repo, SnapshotOptions options, String prefix, ProgressListener listener,
            Consumer<ObjectRef> committed, Supplier<ClientSession> sessions) {
        this.repo = repo;
        this.options = options;
        this.prefix = prefix;
        this.listener = listener;
        this.committed = committed;
        this.sessions = sessions;
    }

    /** Dumps the collection described by its listCollections entry {@code info}; {@code meta} holds its indexes and size. */
    CollectionEntry dump(MongoDatabase db, String name, String type, BsonDocument listEntry, CollectionMetadata meta) {
        int batch = batchSize(meta.averageDocumentBytes(name));
        Output objects = new Output();
        try (objects; HandOff<RawCursor.Batch> batches = new HandOff<>("snapshot-reader", emit -> read(db, name, batch, emit))) {
            RawCursor.Batch docs;
            while ((docs = batches.next()) != null) {
                docs.forEach(objects);
                objects.report(false);
            }
            objects.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        objects.report(true);
        long stored = objects.refs.stream().mapToLong(ObjectRef::storedBytes).sum();
        BsonDocument opts = listEntry.getDocument("options", new BsonDocument());
        BsonDocument info = listEntry.getDocument("info", new BsonDocument());
        List<JsonNode> indexes = meta.indexes(name);
        return new CollectionEntry(name, type, Ejson.toNode(opts), Ejson.toNode(info), indexes, objects.refs,
                objects.hash.documents(), objects.hash.hex(), objects.raw, stored);
    }

    /** One collection's documents going into objects: the open object, the content hash, the counts. */
    private final class Output implements RawCursor.DocumentSink, AutoCloseable {
        final List<ObjectRef> refs = new ArrayList<>();
        final ContentHash hash = ContentHash.current();
        long raw;
        private ObjectWriter out;
        private long unreportedDocs;
        private long unreportedBytes;

        @Override
        public void accept(byte[] bytes, int offset, int length) throws IOException {
            if (out == null) {
                out = repo.newObject(prefix);
            }
            out.write(bytes, offset, length);
            hash.add(bytes, offset, length);
            raw += length;
            unreportedDocs++;
            unreportedBytes += length;
            if (out.rawBytesWritten() >= options.maxObjectRawBytes()) {
                finish();
            }
        }

        /** Commits the open object, if any. */
        void finish() throws IOException {
            if (out != null) {
                ObjectWriter full = out;
                out = null;
                ObjectRef ref = full.commit();
                refs.add(ref);
                committed.accept(ref);
            }
        }

        /** Tells the listener what moved (now, or once enough did). */
        void report(boolean always) {
            if (always || unreportedDocs >= 256 || unreportedBytes >= 1 << 20) {
                listener.advanced(unreportedDocs, unreportedBytes);
                unreportedDocs = 0;
                unreportedBytes = 0;
            }
        }

        /** Discards an object left open by a failure (committed ones are the caller's to clean up). */
        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }

    /**
     * Runs on the reader thread: hands over one server reply at a time, so that the next one is already
     * on its way while the current one is compressed and hashed. Reads with {@link RawCursor} (no
     * per-document copy) in a session of its own; with a read preference other than primary it uses
     * the driver's cursor, which keeps its getMores on the server it chose.
     */
    private void read(MongoDatabase db, String name, int batch, HandOff.Emitter<RawCursor.Batch> emit)
            throws InterruptedException {
        if (!db.getReadPreference().equals(ReadPreference.primary())) {
            readWithDriverCursor(db.getCollection(name, RawBsonDocument.class), batch, emit);
            return;
        }
        ClientSession session = sessions.get();
        try (RawCursor cursor = new RawCursor(db, session, name, batch)) {
            RawCursor.Batch b;
            while ((b = cursor.next()) != null) {
                emit.emit(b);
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private static void readWithDriverCursor(MongoCollection<RawBsonDocument> coll, int batch,
            HandOff.Emitter<RawCursor.Batch> emit) throws InterruptedException {
        try (MongoCursor<RawBsonDocument> cursor = coll.find().batchSize(batch).iterator()) {
            while (cursor.hasNext()) {
                int n = Math.max(1, cursor.available());
                byte[][] arrays = new byte[n][];
                int[] offsets = new int[n];
                int[] lengths = new int[n];
                int i = 0;
                do {
                    ByteBuffer buf = cursor.next().getByteBuffer().asNIO();
                    arrays[i] = buf.array();
                    offsets[i] = buf.arrayOffset() + buf.position();
                    lengths[i] = buf.remaining();
                    i++;
                } while (i < n && cursor.available() > 0);
                emit.emit(new RawCursor.Batch(null, arrays, offsets, lengths, i));
            }
        }
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
}
