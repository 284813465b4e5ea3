package dev.prodguard.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;

/**
 * Decrypts {@link ChunkedGcm} framing chunk by chunk, releasing a chunk's bytes only after its tag
 * verified. Damage, truncation, reordering or removal of chunks raise {@link DamagedException}.
 */
final class DecryptingInputStream extends InputStream {
    /** The stored bytes are not an authentic, complete encrypted item. */
    static final class DamagedException extends IOException {
        DamagedException(String message) {
            super(message);
        }
    }

    private final PushbackInputStream in;
    private final RepoKeys keys;
    private final String storageKey;
    private ChunkedGcm gcm;
    private byte[] sealed;
    private byte[] plain;
    private int pos;
    private int limit;
    private long index;
    private boolean lastSeen;

    DecryptingInputStream(InputStream in, RepoKeys keys, String storageKey) {
        this.in = new PushbackInputStream(in, 1);
        this.keys = keys;
        this.storageKey = storageKey;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == limit) {
            if (lastSeen) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    private void nextChunk() throws IOException {
        if (gcm == null) {
            byte[] header = in.readNBytes(ChunkedGcm.HEADER_BYTES);
            try {
                gcm = ChunkedGcm.forReading(keys, storageKey, header);
            } catch (IllegalArgumentException e) {
                throw new DamagedException(e.getMessage());
            }
            sealed = new byte[gcm.chunkSize() + ChunkedGcm.TAG_BYTES];
            plain = new byte[gcm.chunkSize() + ChunkedGcm.TAG_BYTES];
        }
        int n = in.readNBytes(sealed, 0, sealed.length);
        if (n < ChunkedGcm.TAG_BYTES) {
            throw new DamagedException("truncated: chunk " + index + " is incomplete or missing");
        }
        int peek = in.read();
        boolean last = peek < 0;
        if (!last) {
            in.unread(peek);
        }
        try {
            limit = gcm.decrypt(index, last, sealed, n, plain);
        } catch (GeneralSecurityException e) {
            throw new DamagedException("chunk " + index + " failed authentication (altered, truncated, reordered"
                    + " or from another object)");
        }
        pos = 0;
        index++;
        lastSeen = last;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
