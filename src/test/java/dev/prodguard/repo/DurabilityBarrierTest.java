package dev.prodguard.repo;

import static dev.prodguard.repo.RepositoryRoundTripTest.SMALL;
import static dev.prodguard.repo.RepositoryRoundTripTest.randomBytes;
import static dev.prodguard.repo.RepositoryRoundTripTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.ForwardingStorage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability protocol: objects are published without waiting for the disk, and a manifest is
 * written only through a barrier over every object committed before it; a failed barrier commits
 * nothing, and a failed fsync never turns into a success later.
 */
class DurabilityBarrierTest {
    @TempDir
    Path dir;

    /** FileStorage with a record of what each commit point waited for, and a switch to fail barriers. */
    static final class Recording extends ForwardingStorage {
        final FileStorage files;
        final List<String> published = new ArrayList<>();
        final List<List<String>> manifestsAfter = new ArrayList<>();
        volatile boolean failBarrier;

        Recording(Path root) {
            super(new FileStorage(root));
            files = (FileStorage) inner;
        }

        @Override
        public StorageWriter create(String key) throws IOException {
            StorageWriter w = files.create(key);
            return new StorageWriter() {
                @Override
                public java.io.OutputStream stream() {
                    return w.stream();
                }

                @Override
                public void commit() throws IOException {
                    throw new AssertionError("data objects are published, then made durable by a barrier: " + key);
                }

                @Override
                public void publish() throws IOException {
                    w.publish();
                    synchronized (published) {
                        published.add(key);
                    }
                }

                @Override
                public void close() throws IOException {
                    w.close();
                }
            };
        }

        @Override
        public boolean putIfAbsentAfter(Collection<String> after, String key, byte[] data) throws IOException {
            if (failBarrier) {
                throw new FileSystemException(key, null, "No space left on device");
            }
            manifestsAfter.add(List.copyOf(after));
            return files.putIfAbsentAfter(after, key, data);
        }

        @Override
        public void barrier(Collection<String> keys) throws IOException {
            files.barrier(keys);
        }
    }

    @Test
    void aManifestWaitsForEveryObjectCommittedBeforeItAndOnlyThose() throws Exception {
        Recording storage = new Recording(dir);
        Repository repo = Repository.openOrCreate(storage, null, SMALL);
        ObjectRef a = write(repo, randomBytes(5_000, 1));
        ObjectRef b = write(repo, randomBytes(5_000, 2));
        ObjectRef discarded = write(repo, randomBytes(100, 3));
        repo.deleteObject(discarded); // e.g. a failed snapshot's clean-up: nothing to wait for

        repo.writeManifest("snapshot", "s1", "{}".getBytes(StandardCharsets.UTF_8));
        ObjectRef c = write(repo, randomBytes(5_000, 4));
        repo.writeManifest("snapshot", "s2", "{}".getBytes(StandardCharsets.UTF_8));
        repo.writeManifest("snapshot", "s3", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(storage.published).containsExactly(a.key(), b.key(), discarded.key(), c.key());
        assertThat(storage.manifestsAfter.get(0)).containsExactlyInAnyOrder(a.key(), b.key());
        assertThat(storage.manifestsAfter.get(1)).containsExactly(c.key());
        assertThat(storage.manifestsAfter.get(2)).isEmpty();
        assertThat(repo.listManifests("snapshot")).containsExactly("s1", "s2", "s3");
        repo.verifyObject(a);
        repo.verifyObject(c);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aFailedBarrierCommitsNothingAndTheNextManifestStillWaitsForTheObjects() throws Exception {
        Recording storage = new Recording(dir);
        Repository repo = Repository.openOrCreate(storage, null, SMALL);
        ObjectRef a = write(repo, randomBytes(5_000, 1));

        storage.failBarrier = true;
        assertThatThrownBy(() -> repo.writeManifest("snapshot", "s1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE);
                    assertThat(e.getMessage()).contains("out of space").contains("nothing was committed");
                });
        assertThat(repo.listManifests("snapshot")).isEmpty();

        storage.failBarrier = false;
        repo.writeManifest("snapshot", "s2", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(storage.manifestsAfter).hasSize(1);
        assertThat(storage.manifestsAfter.get(0)).containsExactly(a.key());
    }

    @Test
    void aFailedFsyncFailsEveryLaterBarrierOverThatObject() throws Exception {
        Durability durability = new Durability();
        Path file = dir.resolve("obj");
        Files.write(file, new byte[] {1, 2, 3});
        FileChannel closed = FileChannel.open(file, StandardOpenOption.WRITE);
        closed.close(); // force() on it fails, as an fsync that reports EIO does
        durability.syncInBackground("data/obj", closed);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> durability.barrier(Map.of("data/obj", file), List.of()))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("fsync failed")
                    .hasMessageContaining(file.toString());
        }
        durability.forget("data/obj"); // deleted by the failed operation's clean-up
        durability.barrier(Map.of("data/obj", file), List.of()); // a fresh fsync by path, which works
    }

    @Test
    void publishedObjectsAreVisibleAtOnceAndBarriersSkipDeletedOnes() throws Exception {
        FileStorage storage = new FileStorage(dir);
        try (Storage.StorageWriter w = storage.create("data/snapshots/x/a.zst")) {
            w.stream().write(new byte[] {1, 2, 3});
            w.publish();
        }
        assertThat(storage.list("data/")).containsExactly("data/snapshots/x/a.zst");
        assertThat(tempFiles()).isEmpty();
        storage.delete("data/snapshots/x/a.zst");
        storage.barrier(List.of("data/snapshots/x/a.zst"));
        assertThat(storage.putIfAbsentAfter(List.of(), "manifests/snapshot/x.manifest", new byte[] {7})).isTrue();
        assertThat(storage.putIfAbsentAfter(List.of(), "manifests/snapshot/x.manifest", new byte[] {8})).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("manifests/snapshot/x.manifest"))).containsExactly(7);
    }

    @Test
    void lockFilesGoThroughTheSameDirectoryWithoutFsync() throws Exception {
        FileStorage storage = new FileStorage(dir);
        Storage locks = storage.forLocks();
        assertThat(locks).isNotSameAs(storage);
        assertThat(locks.forLocks()).isSameAs(locks);
        assertThat(locks.putIfAbsent("locks/repo.lock", new byte[] {1})).isTrue();
        assertThat(storage.putIfAbsent("locks/repo.lock", new byte[] {2})).isFalse();
        locks.overwrite("locks/repo.lock", new byte[] {3});
        assertThat(Files.readAllBytes(dir.resolve("locks/repo.lock"))).containsExactly(3);
        locks.delete("locks/repo.lock");
        assertThat(storage.exists("locks/repo.lock")).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileStorage.TEMP_PREFIX)).toList();
        }
    }
}
