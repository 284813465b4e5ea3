package dev.prodguard.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The order-independent content hash of a collection: the sum of one value per document, each computed
 * over the document's exact BSON bytes, so that document order does not matter and a duplicate counts
 * twice (a sum, not xor); the hash of an empty collection is all zeros. Its definition depends on the
 * snapshot manifest's format ({@link #forFormat}):
 * <ul>
 * <li>format 2 and later: per document the 128-bit value {@code XXH64(doc, 0) << 64 | XXH64(doc, SEED_2)}
 * ({@link Xxh64}), summed modulo 2^128, printed as 32 lower-case hex digits. A few multiply-rotate rounds
 * that a short-lived process compiles in milliseconds.</li>
 * <li>format 1: per document SHA-256, read as an unsigned big-endian 256-bit integer, summed modulo 2^256,
 * printed as 64 hex digits. Kept so that snapshots written in format 1 still verify; in a process that
 * backs up a few hundred thousand documents, compiling SHA-256 for this per-document use alone took
 * about 600 ms of the JIT's time (docs/benchmark.md).</li>
 * </ul>
 * Neither is a defence against a forged repository (the manifests' hashes and, in an encrypted repository,
 * its authentication are); both detect a lost, extra or altered document with odds of a miss below
 * one in 2^64 (each document adds at least 128 pseudo-random bits). Not thread-safe: one per collection worker.
 */
public abstract sealed class ContentHash permits ContentHash.Xxh128Sum, ContentHash.Sha256Sum {
    /** The second XXH64 seed of format 2 (the 64-bit golden ratio, as in many hash constructions). */
    static final long SEED_2 = 0x9E3779B97F4A7C15L;

    private long documents;

    private ContentHash() {
    }

    /** The content hash that snapshot manifests of this format record. */
    public static ContentHash forFormat(int manifestFormat) {
        return manifestFormat >= 2 ? new Xxh128Sum() : new Sha256Sum();
    }

    /** The content hash of the manifest format this code writes. */
    public static ContentHash current() {
        return forFormat(SnapshotManifest.FORMAT);
    }

    /** Adds one document's BSON bytes. */
    public final void add(byte[] bson, int offset, int length) {
        addDocument(bson, offset, length);
        documents++;
    }

    abstract void addDocument(byte[] bson, int offset, int length);

    /** Documents added so far. */
    public final long documents() {
        return documents;
    }

    /** The hash as lower-case hex digits (32 in format 2, 64 in format 1). */
    public final String hex() {
        long[] limbs = limbs();
        StringBuilder sb = new StringBuilder(16 * limbs.length);
        for (long l : limbs) {
            String h = Long.toHexString(l);
            sb.append("0".repeat(16 - h.length())).append(h);
        }
        return sb.toString();
    }

    /** The sum, most significant 64 bits first. */
    abstract long[] limbs();

    /** Format 2: the sum modulo 2^128 of two XXH64 per document. */
    static final class Xxh128Sum extends ContentHash {
        private long high;
        private long low;

        @Override
        void addDocument(byte[] bson, int offset, int length) {
            long h = Xxh64.hash(bson, offset, length, 0);
            long l = Xxh64.hash(bson, offset, length, SEED_2);
            long sum = low + l;
            high += h + (Long.compareUnsigned(sum, l) < 0 ? 1 : 0);
            low = sum;
        }

        @Override
        long[] limbs() {
            return new long[] {high, low};
        }
    }

    /** Format 1: the sum modulo 2^256 of SHA-256 per document. */
    static final class Sha256Sum extends ContentHash {
        private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private final MessageDigest sha;
        private final byte[] d = new byte[32]; // one document's digest, reused (no allocation per document)
        private final long[] limbs = new long[4]; // limbs[0] most significant

        Sha256Sum() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }

        @Override
        void addDocument(byte[] bson, int offset, int length) {
            sha.update(bson, offset, length);
            try {
                sha.digest(d, 0, 32); // also resets the digest for the next document
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 digest of 32 bytes refused", e);
            }
            long carry = 0;
            for (int i = 3; i >= 0; i--) {
                long v = (long) BIG_ENDIAN_LONG.get(d, i * 8);
                long sum = limbs[i] + v;
                long newCarry = Long.compareUnsigned(sum, v) < 0 ? 1 : 0;
                sum += carry;
                if (carry == 1 && sum == 0) {
                    newCarry = 1;
                }
                limbs[i] = sum;
                carry = newCarry;
            }
        }

        @Override
        long[] limbs() {
            return limbs.clone();
        }
    }
}
