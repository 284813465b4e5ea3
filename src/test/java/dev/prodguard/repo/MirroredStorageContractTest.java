package dev.prodguard.repo;

import dev.prodguard.testing.TestS3;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageContract} on a mirrored repository: a directory as the primary, a bucket (s3proxy) as the mirror. */
class MirroredStorageContractTest extends StorageContract {
    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    /** Not run here (no {@code @Test}): both backends stream 20 MiB in their own contract tests; the tee adds nothing. */
    @Override
    void aLargeObjectStreamsInAndOutWhole() {}

    /** Reads go to the primary first (a directory here), so they are as local as its. */
    @org.junit.jupiter.api.Test
    void readsAreAsLocalAsThePrimarys() {
        org.assertj.core.api.Assertions.assertThat(storage.readsAreLocal()).isTrue();
        org.assertj.core.api.Assertions.assertThat(new MirroredStorage(s3.newStorage("primary/"), new FileStorage(dir.resolve("m")),
                Clock.systemUTC()).readsAreLocal()).isFalse();
    }

    @Override
    protected Storage newStorage() {
        return new MirroredStorage(new FileStorage(dir.resolve("primary")), s3.newStorage("mirror/"), Clock.systemUTC());
    }
}
