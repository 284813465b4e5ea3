package dev.prodguard.repo;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one data object: raw bytes → zstd (with frame checksum) → optional chunked AES-GCM →
 * SHA-256 and count of the stored bytes → a write-once storage object, published at commit and
 * made durable by the repository's barrier before any manifest. Memory is bounded by the zstd
 * window and one encryption chunk.
 */
final class RepoObjectWriter extends ObjectWriter {
    private final Storage storage;
    private final String key;
    private final java.util.function.Consumer<String> published;
    private final Storage.StorageWriter target;
    private final HashingStreams.Out stored;
    private final EncryptingOutputStream encrypting;
    private final ZstdOutputStreamNoFinalizer zstd;
    private final byte[] buffer = new byte[64 * 1024]; // batches small writes (one BSON document) per JNI call
    private int buffered;
    private long raw;
    private boolean done;

    /** {@code published} hears the key once the object is visible (it is durable after the next barrier). */
    RepoObjectWriter(Storage storage, String key, RepoKeys keys, int chunkSize, int zstdLevel,
            java.util.function.Consumer<String> published) {
        this.storage = storage;
        this.key = key;
        this.published = published;
        try {
            this.target = storage.create(key);
        } catch (IOException e) {
            throw StorageErrors.write(storage, key, e);
        }
        try {
            this.stored = new HashingStreams.Out(target.stream());
            this.encrypting = keys == null ? null
                    : new EncryptingOutputStream(stored, ChunkedGcm.forWriting(keys, key, chunkSize));
            OutputStream below = encrypting == null ? stored : encrypting;
            this.zstd = new ZstdOutputStreamNoFinalizer(new Unclosable(below), zstdLevel);
            zstd.setChecksum(true);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e instanceof IOException io ? StorageErrors.write(storage, key, io) : (RuntimeException) e;
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (done) {
            throw new IllegalStateException("object " + key + " is already committed or discarded");
        }
        try {
            if (len >= buffer.length) {
                drain();
                zstd.write(b, off, len);
            } else {
                if (buffered + len > buffer.length) {
                    drain();
                }
                System.arraycopy(b, off, buffer, buffered, len);
                buffered += len;
            }
            raw += len;
        } catch (IOException e) {
            discard();
            throw StorageErrors.write(storage, key, e);
        }
    }

    @Override
    public void flush() {
        // data becomes durable only at commit; nothing to flush early
    }

    @Override
    public ObjectRef commit() {
        if (done) {
            throw new IllegalStateException("object " + key + " is already committed or discarded");
        }
        try {
            drain();
            zstd.close();
            if (encrypting != null) {
                encrypting.finish();
            }
            stored.flush();
            target.publish();
            done = true;
            published.accept(key);
            return new ObjectRef(key, HashingStreams.hex(stored.digest.digest()), stored.count, raw);
        } catch (IOException e) {
            discard();
            throw StorageErrors.write(storage, key, e);
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            zstd.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    @Override
    public long rawBytesWritten() {
        return raw;
    }

    /** Discards the object unless committed; safe to call repeatedly. */
    @Override
    public void close() {
        if (!done) {
            discard();
        }
    }

    private void discard() {
        done = true;
        if (zstd != null) {
            try {
                zstd.close();
            } catch (IOException | RuntimeException ignored) {
                // the write is being thrown away
            }
        }
        try {
            target.close();
        } catch (IOException ignored) {
            // a leftover temp file is ignorable debris by contract
        }
    }

    /** Keeps zstd's close() from closing the layers below, which commit finishes itself. */
    private static final class Unclosable extends java.io.FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
