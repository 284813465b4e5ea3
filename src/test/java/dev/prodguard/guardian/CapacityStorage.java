package dev.prodguard.guardian;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A real storage whose filesystem reports the free and total space a test sets (-1: cannot tell, like S3). */
final class CapacityStorage implements Storage {
    private final Storage inner;
    volatile long usable;
    volatile long total;

    CapacityStorage(Storage inner, long usable, long total) {
        this.inner = inner;
        this.usable = usable;
        this.total = total;
    }

    @Override
    public StorageWriter create(String key) throws IOException {
        return inner.create(key);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return inner.putIfAbsent(key, data);
    }

    @Override
    public void overwrite(String key, byte[] data) throws IOException {
        inner.overwrite(key, data);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return inner.get(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return inner.exists(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public long size(String key) throws IOException {
        return inner.size(key);
    }

    @Override
    public void delete(String key) throws IOException {
        inner.delete(key);
    }

    @Override
    public long usableSpace() {
        return usable;
    }

    @Override
    public long totalSpace() {
        return total;
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
