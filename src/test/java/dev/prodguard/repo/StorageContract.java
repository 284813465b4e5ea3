package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Storage}, one test per sentence of its Javadoc, run against every backend by a
 * subclass that supplies a fresh, empty storage: the filesystem and a real S3 API server (s3proxy).
 */
public abstract class StorageContract {
    protected Storage storage;

    /** A new, empty storage for one test. */
    protected abstract Storage newStorage() throws Exception;

    @BeforeEach
    void fresh() throws Exception {
        storage = newStorage();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] read(Storage s, String key) throws IOException {
        try (InputStream in = s.get(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aCreatedObjectAppearsOnlyWhenCommitted() throws IOException {
        try (Storage.StorageWriter w = storage.create("data/a/obj")) {
            w.stream().write(bytes("hello"));
            assertThat(storage.exists("data/a/obj")).isFalse();
            assertThat(storage.list("data/")).isEmpty();
            w.commit();
        }
        assertThat(read(storage, "data/a/obj")).isEqualTo(bytes("hello"));
        assertThat(storage.size("data/a/obj")).isEqualTo(5);
        assertThat(storage.list("data/")).containsExactly("data/a/obj");
    }

    @Test
    void closingWithoutCommitDiscardsTheWriteAndLeavesNoDebris() throws IOException {
        try (Storage.StorageWriter w = storage.create("data/b/obj")) {
            w.stream().write(new byte[1000]);
        }
        assertThat(storage.exists("data/b/obj")).isFalse();
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.debris()).isEmpty();
    }

    @Test
    void aWriteOnceObjectIsNeverReplaced() throws IOException {
        try (Storage.StorageWriter w = storage.create("data/c/obj")) {
            w.stream().write(bytes("first"));
            w.commit();
        }
        Storage.StorageWriter second = storage.create("data/c/obj");
        second.stream().write(bytes("second"));
        assertThatThrownBy(second::commit).isInstanceOf(IOException.class);
        second.close();
        assertThat(read(storage, "data/c/obj")).isEqualTo(bytes("first"));
    }

    @Test
    void putIfAbsentWritesOnlyTheFirstTime() throws IOException {
        assertThat(storage.putIfAbsent("manifests/s/1.manifest", bytes("one"))).isTrue();
        assertThat(storage.putIfAbsent("manifests/s/1.manifest", bytes("two"))).isFalse();
        assertThat(read(storage, "manifests/s/1.manifest")).isEqualTo(bytes("one"));
    }

    @Test
    void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> takers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] mine = bytes("taker-" + i);
                takers.add(() -> storage.forLocks().putIfAbsent("locks/repo.lock", mine));
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(takers)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(new String(read(storage, "locks/repo.lock"), StandardCharsets.UTF_8)).startsWith("taker-");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overwriteReplacesOrCreates() throws IOException {
        storage.overwrite("records/r.record", bytes("v1"));
        storage.overwrite("records/r.record", bytes("v2"));
        assertThat(read(storage, "records/r.record")).isEqualTo(bytes("v2"));
    }

    @Test
    void missingObjectsSayNoSuchFile() {
        assertThatThrownBy(() -> storage.get("data/none")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.size("data/none")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.lastModified("data/none")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listIsSortedAndFiltersByPrefixIncludingPartialSegments() throws IOException {
        for (String k : List.of("manifests/segment/db-2.manifest", "manifests/segment/db-1.manifest",
                "manifests/snapshot/x.manifest", "records/capture-tip/db.record", "manifests/segmentation/z.manifest")) {
            storage.putIfAbsent(k, bytes(k));
        }
        assertThat(storage.list("manifests/segment/")).containsExactly("manifests/segment/db-1.manifest",
                "manifests/segment/db-2.manifest");
        assertThat(storage.list("manifests/seg")).containsExactly("manifests/segment/db-1.manifest",
                "manifests/segment/db-2.manifest", "manifests/segmentation/z.manifest");
        assertThat(storage.list("")).hasSize(5).isSorted();
        assertThat(storage.list("nothing/")).isEmpty();
    }

    @Test
    void listAfterGivesTheKeysThatSortAfterInOrder() throws IOException {
        for (String k : List.of("data/segments/shop-000001", "data/segments/shop-000002", "data/segments/shop-000003",
                "data/segments/shop-000004", "data/segments/shop/x", "data/segments/shoq-000001", "data/snapshots/s/1.zst")) {
            storage.putIfAbsent(k, bytes(k));
        }
        assertThat(storage.listAfter("data/segments/shop", "data/segments/shop-000002", 100)).containsExactly(
                "data/segments/shop-000003", "data/segments/shop-000004", "data/segments/shop/x"); // '-' sorts before '/'
        assertThat(storage.listAfter("data/segments/shop-", "data/segments/shop-000002", 1)).containsExactly("data/segments/shop-000003");
        assertThat(storage.listAfter("data/segments/shop-", "data/segments/shop-000000", 100)).hasSize(4).isSorted();
        assertThat(storage.listAfter("data/segments/shop-", "data/segments/shop-000004", 100)).isEmpty();
        assertThat(storage.listAfter("data/", "data/segments/shoq-000001", 100)).containsExactly("data/snapshots/s/1.zst");
        assertThat(storage.listAfter("nothing/", "nothing/a", 100)).isEmpty();
    }

    @Test
    void listSomeGivesAtMostMaxOfTheKeysListGives() throws IOException {
        for (int i = 1; i <= 7; i++) {
            storage.putIfAbsent("data/segments/db/" + i + ".zst", bytes("x"));
        }
        storage.putIfAbsent("data/snapshots/s/1.zst", bytes("x"));
        storage.putIfAbsent("manifests/segment/db-1.manifest", bytes("x"));
        List<String> all = storage.list("data/");
        List<String> some = storage.listSome("data/", 3);
        assertThat(some).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(all).containsAll(some);
        assertThat(storage.listSome("data/", 100)).isEqualTo(all);
        assertThat(storage.listSome("data/segments/db/", 1)).hasSize(1).allMatch(k -> k.startsWith("data/segments/db/"));
        assertThat(storage.listSome("nothing/", 3)).isEmpty();
    }

    @Test
    void deleteRemovesAndAMissingKeyIsNotAnError() throws IOException {
        storage.putIfAbsent("data/d/obj", bytes("x"));
        storage.delete("data/d/obj");
        storage.delete("data/d/obj");
        assertThat(storage.exists("data/d/obj")).isFalse();
        assertThat(storage.list("data/")).isEmpty();
    }

    @Test
    void lastModifiedIsTheStoresTimeOfTheLastChange() throws IOException {
        Instant before = Instant.now().minusSeconds(5);
        storage.overwrite("locks/x.lock", bytes("a"));
        Instant first = storage.lastModified("locks/x.lock");
        assertThat(first).isBetween(before, Instant.now().plusSeconds(5));
    }

    @Test
    void publishedObjectsAreVisibleAndABarrierOverThemReturns() throws IOException {
        try (Storage.StorageWriter w = storage.create("data/p/obj")) {
            w.stream().write(bytes("published"));
            w.publish();
        }
        assertThat(read(storage, "data/p/obj")).isEqualTo(bytes("published"));
        storage.barrier(List.of("data/p/obj", "data/p/deleted-meanwhile"));
        assertThat(storage.putIfAbsentAfter(List.of("data/p/obj"), "manifests/p/1.manifest", bytes("m"))).isTrue();
        assertThat(storage.putIfAbsentAfter(List.of(), "manifests/p/1.manifest", bytes("m2"))).isFalse();
    }

    @Test
    void theLockViewSeesTheSameKeys() throws IOException {
        storage.forLocks().putIfAbsent("locks/repo.lock", bytes("held"));
        assertThat(read(storage, "locks/repo.lock")).isEqualTo(bytes("held"));
        storage.delete("locks/repo.lock");
        assertThat(storage.forLocks().exists("locks/repo.lock")).isFalse();
    }

    /** 20 MiB in odd-sized writes: several multipart parts on S3; every byte comes back in order. */
    @Test
    void aLargeObjectStreamsInAndOutWhole() throws Exception {
        Random random = new Random(17);
        MessageDigest in = MessageDigest.getInstance("SHA-256");
        long total = 20L * 1024 * 1024 + 12345;
        try (Storage.StorageWriter w = storage.create("data/big/obj")) {
            OutputStream out = w.stream();
            byte[] buf = new byte[70_001];
            for (long left = total; left > 0; ) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                in.update(buf, 0, n);
                left -= n;
            }
            w.commit();
        }
        assertThat(storage.size("data/big/obj")).isEqualTo(total);
        MessageDigest back = MessageDigest.getInstance("SHA-256");
        try (InputStream s = storage.get("data/big/obj")) {
            byte[] buf = new byte[65536];
            for (int n; (n = s.read(buf)) >= 0; ) {
                back.update(buf, 0, n);
            }
        }
        assertThat(back.digest()).isEqualTo(in.digest());
    }

    @Test
    void describeNamesThePlaceWithoutCredentials() {
        assertThat(storage.describe()).isNotBlank().doesNotContain(dev.prodguard.testing.TestS3.SECRET_KEY);
    }

    @Test
    void backendsWithoutALockRetainNothing() throws IOException {
        storage.putIfAbsent("data/l/obj", bytes("x"));
        assertThat(storage.retainedUntil("data/l/obj")).isNull();
        storage.retainUntil("data/l/obj", Instant.now().plus(Duration.ofDays(1)));
        storage.delete("data/l/obj");
        assertThat(storage.exists("data/l/obj")).isFalse();
    }
}
