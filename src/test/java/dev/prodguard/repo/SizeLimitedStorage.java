package dev.prodguard.repo;

import dev.prodguard.testing.ForwardingStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test storage that behaves like a disk with {@code capacity} bytes left: a write that would go
 * past it fails with the kernel's ENOSPC message, as a full disk does mid-write.
 */
final class SizeLimitedStorage extends ForwardingStorage {
    private final AtomicLong left;

    SizeLimitedStorage(Storage delegate, long capacity) {
        super(delegate);
        this.left = new AtomicLong(capacity);
    }

    void setLeft(long bytes) {
        left.set(bytes);
    }

    private void consume(long n) throws IOException {
        if (left.addAndGet(-n) < 0) {
            left.addAndGet(n);
            throw new FileSystemException(inner.describe(), null, "No space left on device");
        }
    }

    @Override
    public StorageWriter create(String key) throws IOException {
        StorageWriter w = inner.create(key);
        OutputStream limited = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                consume(1);
                w.stream().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                consume(len);
                w.stream().write(b, off, len);
            }
        };
        return new StorageWriter() {
            @Override
            public OutputStream stream() {
                return limited;
            }

            @Override
            public void commit() throws IOException {
                w.commit();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        consume(data.length);
        return inner.putIfAbsent(key, data);
    }

    @Override
    public void overwrite(String key, byte[] data) throws IOException {
        consume(data.length);
        inner.overwrite(key, data);
    }

    @Override
    public long usableSpace() {
        return Math.max(0, left.get());
    }
}
