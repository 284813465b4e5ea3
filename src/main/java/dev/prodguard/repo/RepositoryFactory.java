package dev.prodguard.repo;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import java.nio.file.Path;

/**
 * The one way commands reach the backup repository: the location from {@code PRODGUARD_REPO}
 * (a directory path) and the passphrase from {@code PRODGUARD_REPO_KEY}.
 */
public final class RepositoryFactory {
    private RepositoryFactory() {}

    /** The storage the settings point at. */
    public static Storage storage(Settings settings) {
        Path path = settings.path(ConfigKey.REPO);
        return new FileStorage(path);
    }

    /** Opens the existing repository (list, status, restore, verify, export). */
    public static Repository open(Settings settings) {
        return Repository.open(storage(settings), key(settings));
    }

    /** Opens the repository, creating it first when there is none (backup, capture). */
    public static Repository openOrCreate(Settings settings) {
        return Repository.openOrCreate(storage(settings), key(settings));
    }

    /** The passphrase, or null when PRODGUARD_REPO_KEY is unset or empty. */
    static char[] key(Settings settings) {
        return settings.get(ConfigKey.REPO_KEY).filter(k -> !k.isEmpty()).map(String::toCharArray).orElse(null);
    }
}
