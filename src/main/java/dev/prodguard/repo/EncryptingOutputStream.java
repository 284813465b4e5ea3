package dev.prodguard.repo;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

/**
 * Encrypts a stream in {@link ChunkedGcm} framing, holding at most one chunk in memory. A chunk is
 * sealed only once the next byte (or {@link #finish()}) shows whether it is the last one.
 */
final class EncryptingOutputStream extends OutputStream {
    private final OutputStream out;
    private final ChunkedGcm gcm;
    private final byte[] plain;
    private final byte[] sealed;
    private int filled;
    private long index;
    private boolean headerWritten;
    private boolean finished;

    EncryptingOutputStream(OutputStream out, ChunkedGcm gcm) {
        this.out = out;
        this.gcm = gcm;
        this.plain = new byte[gcm.chunkSize()];
        this.sealed = new byte[gcm.chunkSize() + ChunkedGcm.TAG_BYTES];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("stream already finished");
        }
        while (len > 0) {
            if (filled == plain.length) {
                seal(false);
            }
            int n = Math.min(len, plain.length - filled);
            System.arraycopy(b, off, plain, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Seals the last chunk (possibly empty); the underlying stream stays open. */
    void finish() throws IOException {
        if (!finished) {
            seal(true);
            finished = true;
            out.flush();
        }
    }

    private void seal(boolean last) throws IOException {
        if (!headerWritten) {
            out.write(gcm.header());
            headerWritten = true;
        }
        try {
            int n = gcm.encrypt(index++, last, plain, filled, sealed);
            out.write(sealed, 0, n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        filled = 0;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
