package dev.prodguard.repo;

import static dev.prodguard.repo.RepositoryRoundTripTest.SMALL;
import static dev.prodguard.repo.RepositoryRoundTripTest.randomBytes;
import static dev.prodguard.repo.RepositoryRoundTripTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A full disk and a crash leave nothing half-committed, and earlier data intact. */
class StorageFailureTest {
    @TempDir
    Path dir;

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileStorage.TEMP_PREFIX)).toList();
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void aFullDiskIsAStorageErrorAndDiscardsThePartialObject(boolean encrypted) throws Exception {
        SizeLimitedStorage disk = new SizeLimitedStorage(new FileStorage(dir), Long.MAX_VALUE);
        Repository repo = Repository.openOrCreate(disk, encrypted ? "correct horse battery".toCharArray() : null, SMALL);
        ObjectRef earlier = write(repo, randomBytes(10_000, 1));
        repo.writeManifest("snapshot", "s1", "{\"ok\":1}".getBytes(StandardCharsets.UTF_8));

        disk.setLeft(50_000);
        byte[] big = randomBytes(200_000, 2); // incompressible: runs out of space mid-object
        assertThatThrownBy(() -> write(repo, big)).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE);
            assertThat(e.getMessage()).contains("out of space").contains(dir.toString()).contains("nothing was committed");
        });
        assertThat(disk.list("data/")).containsExactly(earlier.key());
        assertThat(tempFiles()).isEmpty();

        disk.setLeft(10);
        assertThatThrownBy(() -> repo.writeManifest("snapshot", "s2", new byte[100]))
                .isInstanceOfSatisfying(ProdguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE));
        assertThatThrownBy(() -> repo.putRecord("verify/last", new byte[100]))
                .isInstanceOfSatisfying(ProdguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE));
        assertThat(repo.listManifests("snapshot")).containsExactly("s1");
        assertThat(repo.getRecord("verify/last")).isNull();

        // nothing lost: what was committed before still verifies, and writing works again with space
        repo.verifyObject(earlier);
        disk.setLeft(Long.MAX_VALUE);
        repo.verifyObject(write(repo, big));
    }

    @Test
    void aFullDiskAtCommitTimeAlsoLeavesNothing() throws Exception {
        SizeLimitedStorage disk = new SizeLimitedStorage(new FileStorage(dir), Long.MAX_VALUE);
        Repository repo = Repository.openOrCreate(disk, null, SMALL);
        disk.setLeft(5);
        // zstd buffers small writes, so the failure surfaces only when commit flushes the frame
        ObjectWriter w = repo.newObject("snapshots/s/");
        w.write("small".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(w::commit).isInstanceOfSatisfying(ProdguardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE));
        w.close();
        assertThat(disk.list("data/")).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void anInterruptedWriteIsReportedAsInterruptedAndLeavesNothing() throws Exception {
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, SMALL);
        byte[] data = randomBytes(1_000_000, 6);
        Thread.currentThread().interrupt(); // as Ctrl-C's shutdown would interrupt a backup thread
        try {
            assertThatThrownBy(() -> write(repo, data)).isInstanceOfSatisfying(ProdguardException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED);
                assertThat(e.getMessage()).contains("nothing half-written was committed");
            });
        } finally {
            Thread.interrupted();
        }
        assertThat(repo.storage().list("data/")).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void crashDebrisIsNeverListed() throws Exception {
        FileStorage storage = new FileStorage(dir);
        Repository repo = Repository.openOrCreate(storage, null, SMALL);
        ObjectRef committed = write(repo, randomBytes(1000, 3));
        repo.writeManifest("snapshot", "s1", "{}".getBytes(StandardCharsets.UTF_8));
        // a write the process died in: a temp file that was never committed nor discarded
        Storage.StorageWriter abandoned = storage.create("manifests/snapshot/s2.manifest");
        abandoned.stream().write("prodguard-envelope 1 plain".getBytes(StandardCharsets.UTF_8));
        Storage.StorageWriter abandonedData = storage.create("data/snapshots/s2/abc.zst");
        abandonedData.stream().write(new byte[1000]);
        // and a stray temp file as another crash would leave it
        Files.write(dir.resolve("data/snapshots/" + FileStorage.TEMP_PREFIX + "x.zst-123"), new byte[10]);

        assertThat(tempFiles()).hasSize(3);
        assertThat(repo.listManifests("snapshot")).containsExactly("s1");
        assertThat(storage.list("data/")).containsExactly(committed.key());
        assertThat(storage.list("")).doesNotContainAnyElementsOf(
                tempFiles().stream().map(p -> dir.relativize(p).toString()).toList());
        assertThat(storage.exists("manifests/snapshot/s2.manifest")).isFalse();
    }

    @Test
    void writesAreWriteOnce() throws Exception {
        FileStorage storage = new FileStorage(dir);
        assertThat(storage.putIfAbsent("a/b", new byte[] {1})).isTrue();
        assertThat(storage.putIfAbsent("a/b", new byte[] {2})).isFalse();
        try (Storage.StorageWriter w = storage.create("a/b")) {
            OutputStream out = w.stream();
            out.write(3);
            assertThatThrownBy(w::commit).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        }
        assertThat(Files.readAllBytes(dir.resolve("a/b"))).containsExactly(1);
        storage.overwrite("a/b", new byte[] {4});
        assertThat(Files.readAllBytes(dir.resolve("a/b"))).containsExactly(4);
        assertThat(tempFiles()).isEmpty();
        assertThat(storage.usableSpace()).isPositive();
        storage.delete("a/b");
        storage.delete("a/b");
        assertThat(storage.exists("a/b")).isFalse();
        assertThatThrownBy(() -> storage.size("a/b")).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void keysThatWouldEscapeTheRepositoryAreRejected() {
        FileStorage storage = new FileStorage(dir);
        for (String bad : new String[] {"../x", "/etc/passwd", "a/../../x", "a//b", ".hidden", "a/.tmp-x", "a\\b", ""}) {
            assertThatThrownBy(() -> storage.putIfAbsent(bad, new byte[1]))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
