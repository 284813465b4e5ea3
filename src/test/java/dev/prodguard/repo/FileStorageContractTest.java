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

    /** A read is the reader's own work: restore's pre-check lets one thread check the first objects alone. */
    @org.junit.jupiter.api.Test
    void readsAreLocal() {
        org.assertj.core.api.Assertions.assertThat(storage.readsAreLocal()).isTrue();
    }
}
