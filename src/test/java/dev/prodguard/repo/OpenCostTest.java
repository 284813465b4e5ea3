package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.ListingCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a repository costs the same however much history it holds. An unencrypted repository's descriptor is
 * checked against what the repository holds (encrypted objects or envelopes mean the descriptor was altered); that
 * check once listed every data object, record and manifest at every open: with a week of captured history (hundreds
 * of thousands of segments) every command began with that many keys, on S3 one LIST request per thousand.
 */
class OpenCostTest {
    private static final int HISTORY = 1_200;

    @TempDir
    Path dir;

    @Test
    void openingAnUnencryptedRepositoryDoesNotListItsHistory() throws IOException {
        Path root = dir.resolve("repo");
        try (Repository repo = Repository.openOrCreate(new FileStorage(root), null, RepositoryRoundTripTest.SMALL)) {
            for (int i = 0; i < HISTORY; i++) {
                repo.writeManifest("segment", String.format("shop-%012d", i + 1), "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
        // the objects those segments would name (their content does not matter to opening)
        Path objects = Files.createDirectories(root.resolve("data/segments/shop"));
        for (int i = 0; i < HISTORY; i++) {
            Files.write(objects.resolve(String.format("%024x.zst", i)), new byte[] {1});
        }
        ListingCounter storage = new ListingCounter(new FileStorage(root));
        try (Repository repo = Repository.open(storage, null)) {
            assertThat(repo.listManifests("segment")).hasSize(HISTORY); // the history is there
        }
        assertThat(storage.listed() - HISTORY).as("keys listed by opening").isLessThan(1_000);
    }

    @Test
    void anEncryptedRepositoryWhoseDescriptorSaysOtherwiseIsStillRefusedWhateverItsSize() throws IOException {
        Path root = dir.resolve("repo");
        char[] key = "correct horse battery staple of the exchange".toCharArray();
        try (Repository repo = Repository.openOrCreate(new FileStorage(root), key, RepositoryRoundTripTest.SMALL)) {
            for (int i = 0; i < HISTORY; i++) {
                RepositoryRoundTripTest.write(repo, ("balance " + i).getBytes(StandardCharsets.UTF_8));
            }
            repo.writeManifest("snapshot", "s1", "{}".getBytes(StandardCharsets.UTF_8));
        }
        // an attacker who can write the repository replaces the descriptor with an unencrypted one
        Path fresh = dir.resolve("fresh");
        try (Repository ignored = Repository.openOrCreate(new FileStorage(fresh), null, RepositoryRoundTripTest.SMALL)) {
            // only its descriptor is used
        }
        Files.copy(fresh.resolve(RepositoryDescriptor.KEY), root.resolve(RepositoryDescriptor.KEY),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ListingCounter storage = new ListingCounter(new FileStorage(root));
        assertThatThrownBy(() -> Repository.open(storage, null)).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
            assertThat(e.getMessage()).contains("was altered").contains("encrypted data objects");
        });
        assertThat(storage.listed()).as("keys listed by the refused open").isLessThan(1_000);
    }
}
