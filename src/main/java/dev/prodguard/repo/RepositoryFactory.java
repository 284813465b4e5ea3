package dev.prodguard.repo;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.repo.s3.S3Backend;
import dev.prodguard.repo.s3.S3Clients;
import dev.prodguard.repo.s3.S3Location;
import dev.prodguard.repo.s3.S3Options;

/**
 * The one way commands reach the backup repository: the location from {@code PRODGUARD_REPO}
 * (a directory path, or {@code s3://bucket/prefix} with the {@code PRODGUARD_S3_*} settings) and the passphrase
 * from {@code PRODGUARD_REPO_KEY}.
 */
public final class RepositoryFactory {
    private RepositoryFactory() {}

    /** The storage the settings point at. */
    public static Storage storage(Settings settings) {
        Storage primary = storageAt(settings, ConfigKey.REPO);
        if (settings.get(ConfigKey.REPO_MIRROR).filter(v -> !v.isBlank()).isPresent()) {
            return new MirroredStorage(primary, storageAt(settings, ConfigKey.REPO_MIRROR), java.time.Clock.systemUTC());
        }
        return primary;
    }

    /** The storage a location setting ({@code PRODGUARD_REPO} or {@code PRODGUARD_REPO_MIRROR}) names. */
    static Storage storageAt(Settings settings, ConfigKey key) {
        String value = settings.get(key).orElse("");
        if (S3Location.isS3(value)) {
            S3Backend.meter().logTo(settings.path(ConfigKey.STATE_DIR)); // status adds up every process's requests
            return S3Backend.storage(S3Location.parse(value, key.envName()), S3Options.from(settings),
                    key == ConfigKey.REPO_MIRROR ? S3Backend.MIRROR_ATTEMPTS : S3Clients.MAX_ATTEMPTS);
        }
        return new FileStorage(settings.path(key));
    }

    /** Opens the existing repository (list, status, restore, verify, export). */
    public static Repository open(Settings settings) {
        return open(settings, storage(settings));
    }

    /** Opens the repository, creating it first when there is none (backup, capture). */
    public static Repository openOrCreate(Settings settings) {
        return openOrCreate(settings, storage(settings));
    }

    /** Opens the existing repository on {@code storage} (the one the settings point at, as the caller sees it). */
    public static Repository open(Settings settings, Storage storage) {
        return Repository.open(storage, key(settings));
    }

    /** Opens the repository on {@code storage}, creating it first when there is none. */
    public static Repository openOrCreate(Settings settings, Storage storage) {
        return Repository.openOrCreate(storage, key(settings));
    }

    /** The passphrase, or null when PRODGUARD_REPO_KEY is unset or empty. */
    static char[] key(Settings settings) {
        return settings.get(ConfigKey.REPO_KEY).filter(k -> !k.isEmpty()).map(String::toCharArray).orElse(null);
    }
}
