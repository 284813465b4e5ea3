package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Storage;
import dev.prodguard.repo.s3.S3Backend;
import dev.prodguard.repo.s3.S3Location;
import dev.prodguard.repo.s3.S3Options;
import dev.prodguard.testing.ForwardingStorage;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestS3;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** doctor's repository layer: each ✗ with its remedy, against a real S3 API server and a directory. */
class RepositoryLayerTest {
    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    private static LayerResult check(Storage storage) {
        return new RepositoryCheck(storage, Clock.systemUTC()).run();
    }

    private static Storage diagnosing(S3Location where, S3Options options) {
        return S3Backend.forDiagnosis(S3Backend.storage(where, options), Duration.ofSeconds(2));
    }

    @Test
    void aWorkingBucketPassesEveryItem() {
        LayerResult r = check(diagnosing(new S3Location(s3.newBucket(), "prod/"), s3.options()));
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.PASS);
        assertThat(r.items()).extracting(Check::name).containsExactly("reachable", "write, read", "conditional create",
                "clock skew", "delete", "object lock");
        assertThat(r.items()).filteredOn(c -> c.name().equals("object lock")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(Status.NOT_CHECKED));
    }

    @Test
    void wrongCredentialsAreNamedWithTheirRemedy() {
        S3Options wrong = S3Options.forEndpoint(s3.endpoint(), TestS3.ACCESS_KEY, "not-the-secret-key-0123456789");
        LayerResult r = check(diagnosing(new S3Location(s3.newBucket(), ""), wrong));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.remedy()).isEqualTo(RepositoryCheck.CREDENTIALS);
        assertThat(r.summary()).contains("403").doesNotContain("not-the-secret-key");
    }

    @Test
    void aMissingBucketIsNamed() {
        LayerResult r = check(diagnosing(new S3Location("no-such-bucket-here", ""), s3.options()));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.remedy()).isEqualTo(RepositoryCheck.NO_BUCKET);
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsFast() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        long start = System.nanoTime();
        LayerResult r = check(diagnosing(new S3Location("bucket", ""),
                S3Options.forEndpoint(URI.create("http://127.0.0.1:" + port), "a", "b")));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.remedy()).isEqualTo(RepositoryCheck.UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void objectLockWantedOnABucketWithoutIt() {
        S3Options locking = s3.options().withLock(S3Options.LockMode.GOVERNANCE, Duration.ofDays(7));
        LayerResult r = check(diagnosing(new S3Location(s3.newBucket(), ""), locking));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.remedy()).isEqualTo(RepositoryCheck.LOCK);
    }

    @Test
    void aStoreThatIgnoresConditionalCreateIsCaught() throws IOException {
        Storage ignoring = new ForwardingStorage(new FileStorage(dir)) {
            @Override
            public boolean putIfAbsent(String key, byte[] data) throws IOException {
                inner.overwrite(key, data);
                return true;
            }
        };
        ignoring.overwrite("prodguard-repo.json", new byte[] {'{', '}'});
        LayerResult r = check(ignoring);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.remedy()).isEqualTo(RepositoryCheck.CONDITIONAL);
    }

    @Test
    void aClockFarFromTheStoresIsCaught() throws IOException {
        FileStorage storage = new FileStorage(dir);
        storage.overwrite("prodguard-repo.json", new byte[] {'{', '}'});
        MutableClock ahead = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
        LayerResult r = new RepositoryCheck(storage, ahead).run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.remedy()).isEqualTo(RepositoryCheck.SKEW);
        assertThat(r.summary()).contains("behind");
    }

    @Test
    void aDirectoryWithoutARepositoryIsNotCheckedYet() {
        assertThat(check(new FileStorage(dir.resolve("none"))).status()).isEqualTo(Status.NOT_CHECKED);
    }
}
