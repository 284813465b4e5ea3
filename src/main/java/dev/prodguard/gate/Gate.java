package dev.prodguard.gate;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.config.CommonPasswords;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.connect.Clients;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * The environment fence run before an application starts. Evaluates the configuration rules (host,
 * with bounded DNS look-ups; TLS; password) first, then reaches the database read-only to evaluate the server rules (embedded
 * server, environment marker). Only {@link #mark} writes, and only the marker document.
 */
public final class Gate {
    private static final String DOCTOR = "run prodguard doctor to see which layer fails";

    private final List<GateRule> serverRules;
    private final Clock clock;
    private final String hostName;
    private final java.util.function.IntFunction<HostResolver> resolver;

    /**
     * @param clock stamps markers
     * @param hostName recorded in markers as the host that marked the database
     */
    public Gate(Clock clock, String hostName) {
        this(clock, hostName, HostResolver::system);
    }

    /** A gate whose host rule resolves names with {@code resolver} (given the timeout in ms). */
    public Gate(Clock clock, String hostName, java.util.function.IntFunction<HostResolver> resolver) {
        this.serverRules = List.of(new EmbeddedServerRule(), new MarkerRule());
        this.clock = clock;
        this.hostName = hostName;
        this.resolver = resolver;
    }

    /** Checks the configuration and the database it reaches; never writes. */
    public GateResult check(GateFacts facts, int timeoutMs) {
        return run(facts, timeoutMs, null, false);
    }

    /**
     * Marks the database as {@code env} (a different existing marker is replaced only with
     * {@code force}), then checks as {@link #check} does. {@code env} must match PRODUCTION.
     */
    public GateResult mark(GateFacts facts, int timeoutMs, Environment env, boolean force) {
        Environment configured = Environment.ofProductionFlag(facts.production());
        if (env != configured) {
            throw ProdguardException.usage("--mark " + env.wireName() + " needs a " + env.wireName()
                    + " configuration, but PRODUCTION is " + facts.production() + "; run it with the"
                    + " configuration that will use this database (" + (env == Environment.PRODUCTION
                    ? "PRODUCTION=true" : "PRODUCTION=false") + ")");
        }
        return run(facts, timeoutMs, env, force);
    }

    private GateResult run(GateFacts offline, int timeoutMs, Environment mark, boolean force) {
        List<Violation> violations = new ArrayList<>();
        List<GateRule> offlineRules = List.of(new HostRule(resolver.apply(timeoutMs), timeoutMs), new TlsRule(),
                new PasswordRule(CommonPasswords.bundled()));
        for (GateRule rule : offlineRules) {
            violations.addAll(rule.check(offline));
        }
        Environment configured = Environment.ofProductionFlag(offline.production());
        List<String> hosts = offline.target().hosts().stream().map(MongoTarget.HostPort::toString).toList();
        Optional<String> note = Optional.empty();
        ServerFacts server;
        try (MongoClient client = Clients.create(offline.target(), timeoutMs)) {
            MongoDatabase db = client.getDatabase(offline.dbName());
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            ServerIdentity identity = ServerFingerprint.probe(client);
            if (mark != null) {
                EnvironmentMarker.Outcome outcome = EnvironmentMarker.write(db, mark, force, clock, hostName);
                note = Optional.of(describe(outcome, offline.dbName(), mark));
            }
            server = new ServerFacts(identity, readMarker(db, offline.dbName()));
        } catch (ProdguardException e) {
            return new GateResult(configured, offline.dbName(), hosts, violations, Optional.empty(),
                    Optional.empty(), note, Optional.of(e));
        } catch (MongoException e) {
            return new GateResult(configured, offline.dbName(), hosts, violations, Optional.empty(),
                    Optional.empty(), note, Optional.of(connectionFailure(e, offline.target(), timeoutMs, mark != null)));
        }
        GateFacts facts = offline.withServer(server);
        for (GateRule rule : serverRules) {
            violations.addAll(rule.check(facts));
        }
        return new GateResult(configured, offline.dbName(), hosts, violations, Optional.of(server.identity()),
                server.marker(), note, Optional.empty());
    }

    private static Optional<EnvironmentMarker.Marker> readMarker(MongoDatabase db, String dbName) {
        try {
            return EnvironmentMarker.read(db);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == 13) {
                throw new ProdguardException(ErrorCode.CONNECTION, "the MONGO_URL user may not read "
                        + dbName + "." + EnvironmentMarker.COLLECTION + " (not authorized); grant it read access"
                        + " to DB_NAME '" + dbName + "' (the app user needs readWrite anyway)", e);
            }
            throw e;
        }
    }

    private static String describe(EnvironmentMarker.Outcome outcome, String db, Environment env) {
        return switch (outcome) {
            case CREATED -> "marked database '" + db + "' as " + env.wireName();
            case ALREADY_MARKED -> "database '" + db + "' was already marked " + env.wireName() + "; left as it was";
            case REPLACED -> "re-marked database '" + db + "' as " + env.wireName() + " (--force)";
        };
    }

    /** One line for an unreachable or refusing database; points at doctor. */
    static ProdguardException connectionFailure(MongoException e, MongoTarget target, int timeoutMs, boolean writing) {
        String hosts = target.hosts().stream().map(MongoTarget.HostPort::toString).collect(Collectors.joining(","));
        String where = (target.isSrv() ? "mongodb+srv " : "") + hosts;
        if (e instanceof MongoSecurityException) {
            return new ProdguardException(ErrorCode.CONNECTION, "the database at " + where
                    + " refused the MONGO_URL credentials (authentication failed); " + DOCTOR, e);
        }
        if (e instanceof MongoTimeoutException) {
            return new ProdguardException(ErrorCode.CONNECTION, "cannot reach the database at " + where
                    + " within " + timeoutMs + " ms (" + reason(e) + "); " + DOCTOR, e);
        }
        if (e instanceof MongoCommandException c && c.getErrorCode() == 13) {
            return new ProdguardException(ErrorCode.CONNECTION, "the MONGO_URL user is not authorized for "
                    + (writing ? "writing the marker; run --mark once with a user that can write to DB_NAME" : "this check")
                    + "; " + DOCTOR, e);
        }
        String first = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
        if (first.length() > 200) {
            first = first.substring(0, 200) + "…";
        }
        return new ProdguardException(ErrorCode.CONNECTION, "the database at " + where + " failed: " + first
                + "; " + DOCTOR, e);
    }

    private static String reason(MongoException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Connection refused")) {
            return "connection refused";
        }
        if (m.contains("UnknownHostException") || m.contains("No such host") || m.contains("SRV")) {
            return "the host name does not resolve";
        }
        if (m.contains("SSL") || m.contains("TLS")) {
            return "TLS handshake failed";
        }
        return "no server answered";
    }
}
