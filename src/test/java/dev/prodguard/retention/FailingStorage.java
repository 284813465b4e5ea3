package dev.prodguard.retention;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A real storage whose {@code delete} fails after a given number of deletions: a prune cut short. */
final class FailingStorage implements Storage {
    private final Storage inner;
    private int deletionsLeft;
    int deleted;

    FailingStorage(Storage inner, int deletionsBeforeFailure) {
        this.inner = inner;
        this.deletionsLeft = deletionsBeforeFailure;
    }

    @Override
    public void delete(String key) throws IOException {
        if (key.startsWith("locks/")) {
            inner.delete(key); // releasing the lock is not part of the prune's work
            return;
        }
        if (deletionsLeft-- <= 0) {
            throw new IOException("injected failure after " + deleted + " deletion(s)");
        }
        inner.delete(key);
        deleted++;
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
