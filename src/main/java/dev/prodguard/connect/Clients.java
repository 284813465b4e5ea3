package dev.prodguard.connect;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.config.MongoTarget;
import java.util.concurrent.TimeUnit;

/** Creates driver clients with prodguard's timeouts, so that failures surface in seconds. */
public final class Clients {
    private Clients() {}

    /** A client for the target; server selection, connect and read time out after {@code timeoutMs}. */
    public static MongoClient create(MongoTarget target, int timeoutMs) {
        MongoClientSettings settings = settings(target, timeoutMs).build();
        return MongoClients.create(settings);
    }

    /** The settings {@link #create} uses, for callers that add listeners or change one value. */
    public static MongoClientSettings.Builder settings(MongoTarget target, int timeoutMs) {
        return MongoClientSettings.builder()
                .applyConnectionString(target.connectionString())
                .applicationName("prodguard")
                .applyToClusterSettings(b -> b.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout(Math.max(timeoutMs * 10, 30_000), TimeUnit.MILLISECONDS));
    }
}
