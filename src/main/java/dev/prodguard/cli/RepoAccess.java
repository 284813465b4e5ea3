package dev.prodguard.cli;

import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.Clients;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.snapshot.SnapshotOptions;

/** Opens what the backup commands share: the repository at PRODGUARD_REPO and a client for MONGO_URL. */
final class RepoAccess {
    private RepoAccess() {}

    /** The repository, created when {@code create} and none exists yet. */
    static Repository repository(CliContext ctx, boolean create) {
        Settings s = ctx.settings();
        return create ? RepositoryFactory.openOrCreate(s, ctx.repositoryStorage())
                : RepositoryFactory.open(s, ctx.repositoryStorage());
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
