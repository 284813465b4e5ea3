package dev.prodguard.testing;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A {@link Storage} that passes every call to a real one, so a test wrapper (a full disk, a failing
 * delete, a set capacity, a recording of barriers) overrides only what it changes. The durability
 * methods ({@code barrier}, {@code putIfAbsentAfter}, {@code forLocks}) keep the interface's defaults,
 * which go through this wrapper's own {@code putIfAbsent}; a wrapper that needs the real ones overrides them.
 */
public class ForwardingStorage implements Storage {
    protected final Storage inner;

    public ForwardingStorage(Storage inner) {
        this.inner = inner;
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
    public List<String> listAfter(String prefix, String after, int max) throws IOException {
        return inner.listAfter(prefix, after, max);
    }

    @Override
    public int readConcurrency() {
        return inner.readConcurrency();
    }

    @Override
    public boolean readsAreLocal() {
        return inner.readsAreLocal();
    }

    @Override
    public List<String> listSome(String prefix, int max) throws IOException {
        return inner.listSome(prefix, max);
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
    public java.time.Instant lastModified(String key) throws IOException {
        return inner.lastModified(key);
    }

    @Override
    public List<Debris> debris() throws IOException {
        return inner.debris();
    }

    @Override
    public void deleteDebris(String name) throws IOException {
        inner.deleteDebris(name);
    }

    @Override
    public long usableSpace() throws IOException {
        return inner.usableSpace();
    }

    @Override
    public long totalSpace() throws IOException {
        return inner.totalSpace();
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
