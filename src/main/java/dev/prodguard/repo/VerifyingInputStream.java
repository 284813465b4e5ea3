package dev.prodguard.repo;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a data object's plain bytes while checking everything a manifest recorded: authentication
 * of each encrypted chunk, the zstd frame checksum, and at the end the stored size, the SHA-256 of
 * the stored bytes and the raw size. End of stream is reported only after all of them passed;
 * any failure throws REPOSITORY naming the object.
 */
final class VerifyingInputStream extends InputStream {
    private final ObjectRef ref;
    private final String location;
    private final HashingStreams.In stored;
    private final InputStream decrypted;
    private final ZstdInputStreamNoFinalizer zstd;
    private long raw;
    private boolean verified;
    private boolean closed;
    private ProdguardException failure;

    VerifyingInputStream(InputStream storedBytes, ObjectRef ref, RepoKeys keys, String location) {
        this.ref = ref;
        this.location = location;
        this.stored = new HashingStreams.In(storedBytes);
        this.decrypted = keys == null ? stored : new DecryptingInputStream(stored, keys, ref.key());
        try {
            this.zstd = new ZstdInputStreamNoFinalizer(decrypted);
        } catch (IOException e) {
            closeQuietly();
            throw damaged("cannot start decompression (" + e.getMessage() + ")");
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IllegalStateException("stream of " + ref.key() + " is closed");
        }
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = zstd.read(b, off, len);
        } catch (IOException e) {
            throw damaged(reason(e));
        }
        if (n < 0) {
            finishAndVerify();
            return -1;
        }
        raw += n;
        if (raw > ref.rawBytes()) {
            throw damaged("it holds more than the " + ref.rawBytes() + " bytes its manifest records");
        }
        return n;
    }

    private void finishAndVerify() {
        try {
            byte[] buf = new byte[8192];
            long trailing = 0;
            for (int r; (r = decrypted.read(buf)) >= 0; ) {
                trailing += r;
            }
            if (trailing > 0) {
                throw damaged(trailing + " unexpected bytes after the end of its compressed data");
            }
        } catch (IOException e) {
            throw damaged(reason(e));
        }
        if (stored.count != ref.storedBytes()) {
            throw damaged("its size is " + stored.count + " bytes but its manifest records " + ref.storedBytes());
        }
        String sha = HashingStreams.hex(stored.digest.digest());
        if (!sha.equalsIgnoreCase(ref.sha256())) {
            throw damaged("its SHA-256 is " + sha + " but its manifest records " + ref.sha256());
        }
        if (raw != ref.rawBytes()) {
            throw damaged("it holds " + raw + " bytes but its manifest records " + ref.rawBytes());
        }
        verified = true;
    }

    private static String reason(IOException e) {
        if (e instanceof DecryptingInputStream.DamagedException) {
            return e.getMessage();
        }
        return "its compressed data is corrupt or truncated (" + e.getMessage() + ")";
    }

    private ProdguardException damaged(String why) {
        closeQuietly();
        failure = ProdguardException.repository("object " + ref.key() + " in the backup repository at " + location
                + " is damaged: " + why + "; it cannot be trusted (run `prodguard verify` for a full report)");
        return failure;
    }

    private void closeQuietly() {
        closed = true;
        try {
            if (zstd != null) {
                zstd.close();
            }
        } catch (IOException ignored) {
            // already failing
        }
        try {
            decrypted.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** Whether the whole object was read and every check passed. */
    boolean verified() {
        return verified;
    }

    @Override
    public void close() {
        if (!closed) {
            closeQuietly();
        }
    }
}
