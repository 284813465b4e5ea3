package dev.prodguard.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The order-independent content hash of a collection: the sum, modulo 2^256, of SHA-256 over each
 * document's exact BSON bytes, each digest read as an unsigned big-endian 256-bit integer, printed
 * as 64 lower-case hex digits. A sum (not xor) so that duplicate documents do not cancel out; the
 * hash of an empty collection is 64 zeros. Not thread-safe: one per collection worker.
 */
public final class ContentHash {
    private final MessageDigest sha;
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
        byte[] d = sha.digest();
        long carry = 0;
        for (int i = 3; i >= 0; i--) {
            long v = 0;
            for (int b = 0; b < 8; b++) {
                v = (v << 8) | (d[i * 8 + b] & 0xFF);
            }
            long sum = limbs[i] + v;
            long newCarry = (Long.compareUnsigned(sum, limbs[i]) < 0 ? 1 : 0);
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
            sb.append(String.format("%016x", l));
        }
        return sb.toString();
    }
}
