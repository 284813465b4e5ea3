package dev.prodguard.repo;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageContract} on a local directory. */
class FileStorageContractTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new FileStorage(dir.resolve("repo"));
    }
}
