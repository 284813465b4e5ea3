package dev.prodguard.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The order-independent content hash of a collection: the sum, modulo 2^256, of SHA-256 over each
 * document's exact BSON bytes, each digest read as an unsigned big-endian 256-bit integer, printed
 * as 64 lower-case hex digits. A sum (not xor) so that duplicate documents do not cancel out; the
 * hash of an empty collection is 64 zeros. Not thread-safe: one per collection worker.
 */
public final class ContentHash {
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final MessageDigest sha;
    private final byte[] d = new byte[32]; // one document's digest, reused (no allocation per document)
    private final long[] limbs = new long[4]; // limbs[0] most significant
    private long documents;

    public ContentHash() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Adds one document's BSON bytes. */
    public void add(byte[] bson, int offset, int length) {
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
        documents++;
    }

    /** Documents added so far. */
    public long documents() {
        return documents;
    }

    /** The hash as 64 hex digits. */
    public String hex() {
        StringBuilder sb = new StringBuilder(64);
        for (long l : limbs) {
            String h = Long.toHexString(l);
            sb.append("0".repeat(16 - h.length())).append(h);
        }
        return sb.toString();
    }
}
