package dev.prodguard.gate;

import dev.prodguard.config.MongoTarget;
import java.util.Optional;

/**
 * What the gate rules look at: the configuration (PRODUCTION, MONGO_URL, DB_NAME, the TLS
 * exemption) and, once the database answered, what the server told us.
 *
 * @param server empty when the database was not (or could not be) reached: server rules then pass
 */
public record GateFacts(boolean production, MongoTarget target, String dbName, boolean allowNoTls,
        Optional<ServerFacts> server) {

    /** Facts known without talking to the database. */
    public static GateFacts offline(boolean production, MongoTarget target, String dbName, boolean allowNoTls) {
        return new GateFacts(production, target, dbName, allowNoTls, Optional.empty());
    }

    /** These facts plus what the server reported. */
    public GateFacts withServer(ServerFacts facts) {
        return new GateFacts(production, target, dbName, allowNoTls, Optional.of(facts));
    }
}
