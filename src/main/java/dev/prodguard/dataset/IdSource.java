package dev.prodguard.dataset;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.bson.types.ObjectId;

/** Where new document ids come from: deterministic for the seeded generator, fresh for live traffic. */
@FunctionalInterface
public interface IdSource {
    /** An id for a document of the given kind created at {@code at}. */
    ObjectId next(Kind kind, Instant at);

    /** What a document is, encoded in deterministic ids so that ids of different collections never collide. */
    enum Kind { USER, WALLET, LEDGER, TRANSFER, FEE, P2P }

    /** Fresh driver-generated ids (for a traffic simulator). */
    static IdSource fresh() {
        return (kind, at) -> new ObjectId();
    }

    /**
     * Deterministic ids: 4-byte creation time, 1-byte kind, 7-byte sequence. Same calls, same ids,
     * in any JVM. Not thread-safe.
     */
    static IdSource sequential() {
        long[] next = new long[Kind.values().length];
        return (kind, at) -> {
            long seq = next[kind.ordinal()]++;
            ByteBuffer b = ByteBuffer.allocate(12);
            b.putInt((int) at.getEpochSecond());
            b.put((byte) kind.ordinal());
            b.put((byte) (seq >>> 48)).putShort((short) (seq >>> 32)).putInt((int) seq);
            return new ObjectId(b.array());
        };
    }
}
