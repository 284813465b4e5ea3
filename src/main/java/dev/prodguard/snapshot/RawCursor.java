package dev.prodguard.snapshot;

import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import java.nio.ByteBuffer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

/**
 * A {@code find} cursor over a whole collection that keeps each server reply as one byte array and
 * hands out its documents as slices of it: nothing is decoded or copied per document. The driver's
 * own cursor copies every document into a fresh buffer through a BSON writer, which costs more CPU
 * than compressing and hashing the same bytes (measured: docs/architecture.md, Snapshot speed).
 *
 * <p>It runs the documented {@code find}, {@code getMore} and {@code killCursors} commands itself, all
 * in one explicit session (a server refuses a getMore from a session other than the find's; null only
 * for a server without sessions, which then sees none) and on the primary (the commands of one cursor
 * must reach the same server). Not thread-safe.
 */
public final class RawCursor implements AutoCloseable {
    /**
     * The documents of one reply: {@code count} slices, of one shared reply buffer {@code shared} (this
     * cursor) or of one array per document {@code arrays} (the driver's cursor).
     */
    public record Batch(byte[] shared, byte[][] arrays, int[] offsets, int[] lengths, int count) {
        /** Passes every document's bytes to {@code sink}, in order. */
        public void forEach(DocumentSink sink) throws java.io.IOException {
            for (int i = 0; i < count; i++) {
                sink.accept(arrays == null ? shared : arrays[i], offsets[i], lengths[i]);
            }
        }
    }

    /** Receives one document's exact bytes. */
    @FunctionalInterface
    public interface DocumentSink {
        void accept(byte[] bytes, int offset, int length) throws java.io.IOException;
    }

    private static final byte DOCUMENT = 0x03;
    private static final byte ARRAY = 0x04;

    private final MongoDatabase db;
    private final ClientSession session;
    private final String collection;
    private final int batchSize;
    private long cursorId;
    private boolean started;

    /** A cursor over all of {@code collection}; {@code session} must be null exactly when the server has no sessions. */
    public RawCursor(MongoDatabase db, ClientSession session, String collection, int batchSize) {
        this.db = db;
        this.session = session;
        this.collection = collection;
        this.batchSize = batchSize;
    }

    /** The next non-empty batch, or null when the collection is exhausted. */
    public Batch next() {
        while (true) {
            RawBsonDocument reply;
            String field;
            if (!started) {
                started = true;
                BsonDocument find = new BsonDocument("find", new BsonString(collection)).append("batchSize", new BsonInt32(batchSize));
                if (!db.getReadConcern().isServerDefault()) { // e.g. readConcernLevel=majority in MONGO_URL, as the driver's find sends it
                    find.append("readConcern", db.getReadConcern().asDocument());
                }
                reply = run(find);
                field = "firstBatch";
            } else if (cursorId != 0) {
                reply = run(new BsonDocument("getMore", new BsonInt64(cursorId)).append("collection", new BsonString(collection))
                        .append("batchSize", new BsonInt32(batchSize)));
                field = "nextBatch";
            } else {
                return null;
            }
            cursorId = reply.getDocument("cursor").getNumber("id").longValue();
            Batch b = batch(reply, field);
            if (b.count() > 0) {
                return b;
            }
            if (cursorId == 0) {
                return null;
            }
        }
    }

    /** The server cursor's id (0 once exhausted or closed). */
    long id() {
        return cursorId;
    }

    /** Runs one command of this cursor, in its session when it has one. */
    private RawBsonDocument run(BsonDocument command) {
        return session == null ? db.runCommand(command, RawBsonDocument.class)
                : db.runCommand(session, command, RawBsonDocument.class);
    }

    /** The documents of {@code cursor.<field>} (firstBatch or nextBatch) as slices of the reply's bytes. */
    static Batch batch(RawBsonDocument reply, String field) {
        ByteBuffer buf = reply.getByteBuffer().asNIO();
        byte[] bytes = buf.array();
        int docStart = buf.arrayOffset() + buf.position();
        int cursorAt = valueOffset(bytes, docStart, "cursor", DOCUMENT);
        int arrayAt = valueOffset(bytes, cursorAt, field, ARRAY);
        int arrayEnd = arrayAt + readInt(bytes, arrayAt) - 1; // the array's terminating zero
        int n = 0;
        int[] offsets = new int[16];
        int[] lengths = new int[16];
        int p = arrayAt + 4;
        while (p < arrayEnd) {
            if (bytes[p] != DOCUMENT) {
                throw malformed("an element of " + field + " that is not a document");
            }
            p = skipCString(bytes, p + 1, arrayEnd);
            int len = readInt(bytes, p);
            if (len < 5 || p + len > arrayEnd) {
                throw malformed("a document length " + len + " that runs past its batch");
            }
            if (n == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, n * 2);
                lengths = java.util.Arrays.copyOf(lengths, n * 2);
            }
            offsets[n] = p;
            lengths[n] = len;
            n++;
            p += len;
        }
        return new Batch(bytes, null, offsets, lengths, n);
    }

    /** Where the value of element {@code name} (of BSON type {@code type}) starts in the document at {@code doc}. */
    private static int valueOffset(byte[] b, int doc, String name, byte type) {
        int end = doc + readInt(b, doc) - 1;
        int p = doc + 4;
        byte[] want = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        while (p < end) {
            byte t = b[p];
            int nameStart = p + 1;
            int valueStart = skipCString(b, nameStart, end);
            if (t == type && valueStart - nameStart - 1 == want.length
                    && java.util.Arrays.equals(b, nameStart, nameStart + want.length, want, 0, want.length)) {
                return valueStart;
            }
            p = valueStart + valueLength(b, t, valueStart, end);
        }
        throw malformed("no " + name + " field");
    }

    /** The size of a BSON value of type {@code t} starting at {@code p} (the documented element encodings). */
    private static int valueLength(byte[] b, byte t, int p, int end) {
        return switch (t) {
            case 0x01, 0x09, 0x11, 0x12 -> 8; // double, date, timestamp, int64
            case 0x02, 0x0D, 0x0E -> 4 + readInt(b, p); // string, JavaScript, symbol
            case 0x03, 0x04, 0x0F -> readInt(b, p); // document, array, code with scope
            case 0x05 -> 5 + readInt(b, p); // binary: length, subtype, bytes
            case 0x06, 0x0A, (byte) 0xFF, 0x7F -> 0; // undefined, null, min key, max key
            case 0x07 -> 12; // ObjectId
            case 0x08 -> 1; // boolean
            case 0x0B -> skipCString(b, skipCString(b, p, end), end) - p; // regex: pattern, options
            case 0x0C -> 4 + readInt(b, p) + 12; // DBPointer
            case 0x10 -> 4; // int32
            case 0x13 -> 16; // decimal128
            default -> throw malformed("an unknown BSON type " + t);
        };
    }

    private static int skipCString(byte[] b, int p, int end) {
        while (p < end && b[p] != 0) {
            p++;
        }
        if (p >= end) {
            throw malformed("an unterminated field name");
        }
        return p + 1;
    }

    private static int readInt(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    private static MongoException malformed(String what) {
        return new MongoException("the server's cursor reply has " + what);
    }

    /** Kills the server cursor if it is still open (best effort: the server times idle cursors out anyway). */
    @Override
    public void close() {
        if (cursorId != 0) {
            long id = cursorId;
            cursorId = 0;
            try {
                run(new BsonDocument("killCursors", new BsonString(collection))
                        .append("cursors", new BsonArray(java.util.List.of(new BsonInt64(id)))));
            } catch (MongoException | IllegalStateException e) {
                // the cursor times out on the server; the snapshot's own outcome matters more
            }
        }
    }
}
