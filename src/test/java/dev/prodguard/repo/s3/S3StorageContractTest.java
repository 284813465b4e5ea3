package dev.prodguard.repo.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.Storage;
import dev.prodguard.repo.StorageContract;
import dev.prodguard.testing.TestS3;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link dev.prodguard.repo.StorageContract} against a real S3 API server (s3proxy, in-process): once with
 * conditional writes ({@code If-None-Match: *}), once with the documented fallback (check, write, read back),
 * plus what only object storage has: no incomplete multipart upload left behind.
 */
class S3StorageContractTest extends StorageContract {
    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @Override
    protected Storage newStorage() {
        return s3.newStorage("repo/");
    }

    @Test
    void anAbandonedLargeWriteLeavesNoIncompleteUpload() throws Exception {
        S3Storage st = (S3Storage) storage;
        try (Storage.StorageWriter w = st.create("data/big/abandoned")) {
            w.stream().write(new byte[(int) PartSizes.FIRST + 10]); // one part sent: an upload is open
            assertThat(s3.store().listMultipartUploads(st.location().bucket())).hasSize(1);
        }
        assertThat(s3.store().listMultipartUploads(st.location().bucket())).isEmpty();
        assertThat(st.exists("data/big/abandoned")).isFalse();
    }

    /** Every read waits for a round trip: restore's pre-check reads objects in parallel from the first. */
    @Test
    void readsAreNotLocal() {
        assertThat(storage.readsAreLocal()).isFalse();
    }

    @Test
    void theServerHonoursConditionalCreate() throws Exception {
        S3Storage st = (S3Storage) storage;
        assertThat(st.putIfAbsent("manifests/x/1.manifest", new byte[] {1})).isTrue();
        assertThat(st.putIfAbsent("manifests/x/1.manifest", new byte[] {2})).isFalse();
        assertThat(st.conditionalWrites()).as("If-None-Match was used, not the fallback").isTrue();
    }

    /** The same contract through the fallback for providers without conditional writes. */
    @Nested
    class WithoutConditionalWrites extends StorageContract {
        @Override
        protected Storage newStorage() {
            return s3.newStorage("", s3.options().withConditional(S3Options.Conditional.OFF));
        }
    }
}
