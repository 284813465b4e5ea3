package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link FileStorage#list} shows of a directory that holds more than its own committed files: temp files and
 * debris directories, symbolic links, a file where a directory was expected, and keys that share a prefix across
 * directory levels. The storage contract covers what every storage lists; these are the file system's own cases.
 */
class FileStorageListingTest {
    @TempDir
    Path dir;

    @Test
    void listsCommittedFilesAtEveryLevelAndNothingHidden() throws IOException {
        FileStorage storage = new FileStorage(dir);
        storage.putIfAbsent("manifests/segment/shop-000000000001.manifest", bytes("1"));
        storage.putIfAbsent("manifests/segment/shop-000000000002.manifest", bytes("2"));
        storage.putIfAbsent("manifests/segment/shop2-000000000001.manifest", bytes("3"));
        storage.putIfAbsent("data/segments/shop/aa.zst", bytes("4"));
        storage.putIfAbsent("data/segments/shop2/bb.zst", bytes("5"));
        Files.writeString(dir.resolve("manifests/segment/.tmp-shop-000000000003.manifest-0123456789ab"), "partial");
        Files.createDirectories(dir.resolve("data/segments/.debris"));
        Files.writeString(dir.resolve("data/segments/.debris/cc.zst"), "hidden");
        Files.createDirectories(dir.resolve("manifests/segment/shop-dir"));
        Files.writeString(dir.resolve("manifests/segment/shop-dir/x.manifest"), "nested");

        assertThat(storage.list("manifests/segment/shop-")).containsExactly("manifests/segment/shop-000000000001.manifest",
                "manifests/segment/shop-000000000002.manifest", "manifests/segment/shop-dir/x.manifest");
        assertThat(storage.list("manifests/segment/shop2-")).containsExactly("manifests/segment/shop2-000000000001.manifest");
        assertThat(storage.list("data/segments/shop")).containsExactly("data/segments/shop/aa.zst", "data/segments/shop2/bb.zst");
        assertThat(storage.list("data/segments/shop/")).containsExactly("data/segments/shop/aa.zst");
        assertThat(storage.list("data/")).containsExactly("data/segments/shop/aa.zst", "data/segments/shop2/bb.zst");
        assertThat(storage.list("")).hasSize(6).isSorted().noneMatch(k -> k.contains("/.") || k.startsWith("."));
    }

    @Test
    void symbolicLinksAreNotFollowedOrListed() throws IOException {
        FileStorage storage = new FileStorage(dir.resolve("repo"));
        storage.putIfAbsent("manifests/snapshot/a.manifest", bytes("a"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("b.manifest"), "b");
        Files.createSymbolicLink(dir.resolve("repo/manifests/snapshot/b.manifest"), outside.resolve("b.manifest"));
        Files.createSymbolicLink(dir.resolve("repo/manifests/linked"), outside);

        assertThat(storage.list("manifests/")).containsExactly("manifests/snapshot/a.manifest");
    }

    @Test
    void aMissingDirectoryOrAFileWhereOneWasExpectedListsNothing() throws IOException {
        FileStorage storage = new FileStorage(dir.resolve("repo"));
        assertThat(storage.list("manifests/segment/")).isEmpty();
        assertThat(storage.list("")).isEmpty();
        storage.putIfAbsent("locks/x", bytes("x"));
        assertThat(storage.list("locks/x/")).isEmpty();
        assertThat(storage.list("locks/x")).containsExactly("locks/x");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
