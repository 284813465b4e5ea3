package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Objects, manifests and records come back byte for byte, plain and encrypted. */
class RepositoryRoundTripTest {
    static final int CHUNK = 4096;
    static final Repository.CreateOptions SMALL = new Repository.CreateOptions(3, CHUNK, 1000);

    @TempDir
    Path dir;

    static Repository create(Path dir, boolean encrypted) {
        return Repository.openOrCreate(new FileStorage(dir), encrypted ? "correct horse battery".toCharArray() : null,
                SMALL);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static ObjectRef write(Repository repo, byte[] data) throws java.io.IOException {
        try (ObjectWriter w = repo.newObject("snapshots/s1/")) {
            // write in uneven pieces to exercise buffering
            int off = 0;
            int step = 1;
            while (off < data.length) {
                int n = Math.min(step, data.length - off);
                w.write(data, off, n);
                off += n;
                step = step * 3 + 1;
            }
            assertThat(w.rawBytesWritten()).isEqualTo(data.length);
            return w.commit();
        }
    }

    static byte[] read(Repository repo, ObjectRef ref) throws Exception {
        try (InputStream in = repo.openObject(ref)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void objectsOfEverySizeRoundTrip(boolean encrypted) throws Exception {
        Repository repo = create(dir, encrypted);
        assertThat(repo.encrypted()).isEqualTo(encrypted);
        byte[][] samples = {
            new byte[0],
            "hello".getBytes(StandardCharsets.UTF_8),
            randomBytes(CHUNK, 1), // exactly one chunk when incompressible
            randomBytes(CHUNK * 5 + 17, 2), // more than 3 chunks
            new byte[200_000], // compressible: few stored bytes
        };
        for (byte[] sample : samples) {
            ObjectRef ref = write(repo, sample);
            assertThat(ref.key()).startsWith("data/snapshots/s1/");
            assertThat(ref.rawBytes()).isEqualTo(sample.length);
            assertThat(ref.sha256()).hasSize(64);
            assertThat(repo.storage().size(ref.key())).isEqualTo(ref.storedBytes());
            assertThat(read(repo, ref)).isEqualTo(sample);
            repo.verifyObject(ref);
        }
        assertThat(repo.listObjects("snapshots/s1/")).hasSize(samples.length);
        assertThat(repo.listObjects("snapshots/other/")).isEmpty();
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void reopenedRepositoryReadsWhatWasWritten(boolean encrypted) throws Exception {
        byte[] data = randomBytes(CHUNK * 4 + 1, 3);
        ObjectRef ref;
        String id;
        try (Repository repo = create(dir, encrypted)) {
            ref = write(repo, data);
            repo.writeManifest("snapshot", "20261125T100000Z-a", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
            id = repo.id();
        }
        char[] key = encrypted ? "correct horse battery".toCharArray() : null;
        try (Repository repo = Repository.open(new FileStorage(dir), key)) {
            assertThat(repo.id()).isEqualTo(id);
            assertThat(read(repo, ref)).isEqualTo(data);
            assertThat(new String(repo.readManifest("snapshot", "20261125T100000Z-a"), StandardCharsets.UTF_8))
                    .isEqualTo("{\"n\":1}");
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void manifestsAreWriteOnceAndListedSorted(boolean encrypted) {
        Repository repo = create(dir, encrypted);
        for (String id : new String[] {"b", "c", "a"}) {
            repo.writeManifest("snapshot", id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        repo.writeManifest("segment", "x", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(repo.listManifests("snapshot")).containsExactly("a", "b", "c");
        assertThat(repo.listManifests("segment")).containsExactly("x");
        assertThat(repo.listManifests("other")).isEmpty();
        assertThatThrownBy(() -> repo.writeManifest("snapshot", "a", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProdguardException.class).hasMessageContaining("already exists");
        assertThat(new String(repo.readManifest("snapshot", "a"), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}");
        repo.deleteManifest("snapshot", "b");
        assertThat(repo.listManifests("snapshot")).containsExactly("a", "c");
        assertThatThrownBy(() -> repo.readManifest("snapshot", "b"))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
                    assertThat(e.getMessage()).contains("manifests/snapshot/b.manifest").contains("missing");
                });
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void recordsAreReplacedAtomically(boolean encrypted) {
        Repository repo = create(dir, encrypted);
        assertThat(repo.getRecord("verify/last")).isNull();
        repo.putRecord("verify/last", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        repo.putRecord("verify/last", "{\"ok\":false}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(repo.getRecord("verify/last"), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":false}");
        repo.deleteRecord("verify/last");
        assertThat(repo.getRecord("verify/last")).isNull();
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void closingWithoutCommitLeavesNothing(boolean encrypted) throws Exception {
        Repository repo = create(dir, encrypted);
        try (ObjectWriter w = repo.newObject("snapshots/s2/")) {
            w.write(randomBytes(CHUNK * 3, 4));
        }
        assertThat(repo.storage().list("data/")).isEmpty();
        assertThat(java.nio.file.Files.walk(dir).filter(p -> p.getFileName().toString().startsWith(".tmp-")))
                .isEmpty();
    }
}
