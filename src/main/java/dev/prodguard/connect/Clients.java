package dev.prodguard.connect;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.config.MongoTarget;
import java.util.concurrent.TimeUnit;

/** Creates driver clients with prodguard's timeouts, so that failures surface in seconds. */
public final class Clients {
    /**
     * How long one server reply may take. Bulk inserts of a restore into a slow or throttled server
     * (Atlas M0, the embedded H2 backend) can take tens of seconds; a hung connection still ends.
     */
    static final int READ_TIMEOUT_MS = 300_000;

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
                        .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }
}
