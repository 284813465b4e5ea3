package dev.prodguard.repo;

import dev.prodguard.testing.TestS3;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RepositoryCorruptionTest} with the repository in a bucket of a real S3 API server (s3proxy). */
class S3RepositoryCorruptionTest extends RepositoryCorruptionTest {
    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @Override
    protected int randomFlips() {
        return 1;
    }

    @Override
    protected Storage newStorage() {
        return s3.newStorage("corruption/");
    }
}
