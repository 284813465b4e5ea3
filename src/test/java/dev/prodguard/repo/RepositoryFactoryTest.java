package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands reach the repository through PRODGUARD_REPO and PRODGUARD_REPO_KEY only. */
class RepositoryFactoryTest {
    @TempDir
    Path dir;

    private Settings settings(String repo, String key) {
        Map<String, String> env = new HashMap<>();
        if (repo != null) {
            env.put("PRODGUARD_REPO", repo);
        }
        if (key != null) {
            env.put("PRODGUARD_REPO_KEY", key);
        }
        return new SettingsLoader(env, dir, dir.resolve("home")).load();
    }

    @Test
    void backupCreatesWhatListThenOpens() {
        Settings s = settings("backups/repo", null);
        assertThatThrownBy(() -> RepositoryFactory.open(s)).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
            assertThat(e.getMessage()).contains(dir.resolve("backups/repo").toString()).contains("prodguard backup");
        });
        String id;
        try (Repository created = RepositoryFactory.openOrCreate(s)) {
            assertThat(created.encrypted()).isFalse();
            assertThat(created.location()).isEqualTo(dir.resolve("backups/repo").toString());
            id = created.id();
        }
        try (Repository opened = RepositoryFactory.open(s)) {
            assertThat(opened.id()).isEqualTo(id);
        }
    }

    @Test
    void theDefaultLocationIsUnderTheHomeDirectory() {
        Settings s = settings(null, null);
        assertThat(RepositoryFactory.storage(s).describe()).isEqualTo(dir.resolve("home/.prodguard/repo").toString());
    }

    @Test
    void theKeyComesFromProdguardRepoKey() {
        Path repo = dir.resolve("enc");
        Settings withKey = settings(repo.toString(), "a long enough passphrase");
        // create quickly (few KDF rounds), then open through the factory like every command does
        Repository.openOrCreate(new FileStorage(repo), "a long enough passphrase".toCharArray(),
                RepositoryRoundTripTest.SMALL).close();
        try (Repository r = RepositoryFactory.open(withKey)) {
            assertThat(r.encrypted()).isTrue();
        }
        assertThatThrownBy(() -> RepositoryFactory.open(settings(repo.toString(), null)))
                .isInstanceOfSatisfying(ProdguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY));
        assertThatThrownBy(() -> RepositoryFactory.open(settings(repo.toString(), "another passphrase")))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.KEY);
                    assertThat(e.getMessage()).contains("the repository key is wrong").doesNotContain("another passphrase");
                });
    }

    @Test
    void aRepositoryPathThatIsAFileIsAStorageError() throws Exception {
        Path file = dir.resolve("occupied");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> RepositoryFactory.openOrCreate(settings(file.toString(), null)))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE);
                    assertThat(e.getMessage()).contains(file.toString());
                });
    }
}
