package dev.prodguard.cli;

import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.Clients;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import java.nio.file.Path;

/** Opens what the backup commands share: the repository at PRODGUARD_REPO and a client for MONGO_URL. */
final class RepoAccess {
    private RepoAccess() {}

    /** The repository, created when {@code create} and none exists yet. */
    static Repository repository(CliContext ctx, boolean create) {
        Settings s = ctx.settings();
        Path path = s.path(ConfigKey.REPO);
        char[] key = s.get(ConfigKey.REPO_KEY).map(String::toCharArray).orElse(null);
        FileStorage storage = new FileStorage(path);
        return create ? Repository.openOrCreate(storage, key) : Repository.open(storage, key);
    }

    /** A client for MONGO_URL with prodguard's timeouts. */
    static MongoClient client(CliContext ctx) {
        return client(ctx, ctx.settings().mongo());
    }

    /** A client for another deployment (e.g. --target-uri). */
    static MongoClient client(CliContext ctx, MongoTarget target) {
        return Clients.create(target, ctx.settings().intValue(ConfigKey.CONNECT_TIMEOUT_MS));
    }

    static SnapshotOptions snapshotOptions(CliContext ctx) {
        return SnapshotOptions.from(ctx.settings());
    }
}
