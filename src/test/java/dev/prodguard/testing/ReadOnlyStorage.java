package dev.prodguard.testing;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A storage that refuses every write the way a read-only mount does (EROFS, "Read-only file system"), and
 * records what was attempted. Stands in for {@code chmod -R a-w} where that does not stop the process
 * (root ignores permission bits).
 */
public final class ReadOnlyStorage extends ForwardingStorage {
    /** The keys a write was attempted on, in order. */
    public final List<String> attempts = Collections.synchronizedList(new ArrayList<>());

    public ReadOnlyStorage(Storage inner) {
        super(inner);
    }

    private IOException refuse(String key) {
        attempts.add(key);
        return new FileSystemException(inner.describe() + "/" + key, null, "Read-only file system");
    }

    @Override
    public StorageWriter create(String key) throws IOException {
        throw refuse(key);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        throw refuse(key);
    }

    @Override
    public void overwrite(String key, byte[] data) throws IOException {
        throw refuse(key);
    }

    @Override
    public void delete(String key) throws IOException {
        throw refuse(key);
    }

    @Override
    public void deleteDebris(String name) throws IOException {
        throw refuse(name);
    }
}
