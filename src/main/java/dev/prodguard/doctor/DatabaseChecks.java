package dev.prodguard.doctor;

import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.connect.Clients;
import dev.prodguard.connect.UserData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layers that need the driver: authentication (when MONGO_URL has credentials), privileges
 * ({@code connectionStatus} with {@code showPrivileges} where the server has it, else derived from
 * the connection test) and the connection test itself.
 */
final class DatabaseChecks {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseChecks.class);

    /** The three layers' results, and what the database holds (null when the connection test failed). */
    record Outcome(LayerResult auth, LayerResult privileges, LayerResult test, UserData.Contents contents) {}

    private final int timeoutMs;

    DatabaseChecks(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    Outcome run(MongoTarget target, String database) {
        int readTimeout = Math.max(3 * timeoutMs, 10_000);
        try (MongoClient client = MongoClients.create(Clients.settings(target, timeoutMs)
                .applyToSocketSettings(b -> b.connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout(readTimeout, TimeUnit.MILLISECONDS))
                .build())) {
            boolean credentials = target.username() != null;
            LayerResult auth = credentials ? authenticate(client, target)
                    : LayerResult.notChecked(Layer.AUTH, "MONGO_URL has no user name: nothing to authenticate");
            if (auth.status() == Status.FAIL) {
                return new Outcome(auth, LayerResult.skipped(Layer.PRIVILEGES, Layer.AUTH),
                        LayerResult.skipped(Layer.TEST, Layer.AUTH), null);
            }
            long t = System.nanoTime();
            String why;
            Optional<PrivilegeCheck.Access> claimed = Optional.empty();
            try {
                BsonDocument reply = client.getDatabase("admin").runCommand(new BsonDocument("connectionStatus",
                        new BsonInt32(1)).append("showPrivileges", BsonBoolean.TRUE), BsonDocument.class);
                claimed = PrivilegeCheck.access(reply, database, ConnectionTest.COLLECTION);
                why = reply.containsKey("authInfo") && reply.getDocument("authInfo").containsKey("authenticatedUserPrivileges")
                        ? "nobody is authenticated on this connection"
                        : "connectionStatus with showPrivileges is not available on this server";
            } catch (RuntimeException e) {
                LOG.debug("connectionStatus failed", e);
                why = "connectionStatus is not available on this server (" + DriverErrors.describe(e) + ")";
            }
            long statusMillis = Doctor.millisSince(t);
            ConnectionTest.Outcome test = ConnectionTest.run(client, database);
            if (test.error() != null) {
                LOG.debug("connection test failed at {}", test.failedStep(), test.error());
            }
            LayerResult privileges = claimed.isPresent()
                    ? fromConnectionStatus(claimed.get(), database, statusMillis)
                    : fromTest(test, database, why, credentials);
            return new Outcome(auth, privileges, testLayer(test, database, credentials), test.ok() ? contents(client, database)
                    : null);
        }
    }

    /** What the database holds, read after the connection test passed; null when the server will not tell. */
    private static UserData.Contents contents(MongoClient client, String database) {
        try {
            return UserData.of(client, database);
        } catch (RuntimeException e) {
            LOG.debug("listing the collections of {} failed", database, e);
            return null;
        }
    }

    private LayerResult authenticate(MongoClient client, MongoTarget target) {
        long t = System.nanoTime();
        MongoCredential credential = target.connectionString().getCredential();
        String who = "user " + target.username() + " (authSource " + (credential == null ? "admin" : credential.getSource()) + ")";
        try {
            client.getDatabase("admin").runCommand(new BsonDocument("ping", new BsonInt32(1)));
            return LayerResult.pass(Layer.AUTH, who + " authenticated", Doctor.millisSince(t), List.of());
        } catch (RuntimeException e) {
            LOG.debug("authentication failed", e);
            long millis = Doctor.millisSince(t);
            if (DriverErrors.authentication(e) && DriverErrors.noAuthSupport(e)) {
                return LayerResult.fail(Layer.AUTH, "the server has no authentication commands (" + DriverErrors.describe(e)
                        + "), so " + who + " cannot be checked", Remedies.NO_AUTH_SUPPORT, millis, List.of());
            }
            if (DriverErrors.authentication(e)) {
                return LayerResult.fail(Layer.AUTH, "the server rejected " + who + ": " + DriverErrors.describe(e),
                        Remedies.AUTH_FAILED, millis, List.of());
            }
            return LayerResult.fail(Layer.AUTH, "could not authenticate " + who + ": " + DriverErrors.describe(e),
                    DriverErrors.timeout(e) ? Remedies.SERVER_SELECTION : Remedies.TEST_FAILED, millis, List.of());
        }
    }

    private static LayerResult fromConnectionStatus(PrivilegeCheck.Access access, String db, long millis) {
        List<Check> items = List.of(
                new Check("read", access.read() ? Status.PASS : Status.FAIL, "find on " + db, -1),
                new Check("write", access.write() ? Status.PASS : Status.FAIL, "insert and remove on " + db, -1));
        String summary = access.users() + ": " + words(access.read(), access.write()) + " on " + db
                + " (from connectionStatus)";
        return access.read() && access.write()
                ? LayerResult.pass(Layer.PRIVILEGES, summary, millis, items)
                : LayerResult.fail(Layer.PRIVILEGES, summary, Remedies.PRIVILEGES, millis, items);
    }

    private static LayerResult fromTest(ConnectionTest.Outcome test, String db, String why, boolean credentials) {
        Check write = derived("write", test.step("write"), test.writeError(), "insert on " + db);
        Check read = derived("read", test.step("read"), test.readError(), "find on " + db);
        List<Check> items = List.of(read, write);
        String summary = words(read.status() == Status.PASS, write.status() == Status.PASS) + " on " + db
                + " (derived from the connection test: " + why + ")";
        if (items.stream().anyMatch(c -> c.status() == Status.FAIL)) {
            return LayerResult.fail(Layer.PRIVILEGES, summary, credentials ? Remedies.PRIVILEGES : Remedies.AUTH_REQUIRED,
                    -1, items);
        }
        if (items.stream().allMatch(c -> c.status() == Status.PASS)) {
            return LayerResult.pass(Layer.PRIVILEGES, summary, -1, items);
        }
        return new LayerResult(Layer.PRIVILEGES, Status.NOT_CHECKED, "could not tell: the connection test failed for"
                + " another reason (" + why + ")", null, -1, items);
    }

    private static Check derived(String name, Check step, Throwable error, String what) {
        if (step != null && step.status() == Status.PASS) {
            return Check.pass(name, what + " allowed", -1);
        }
        if (error != null && DriverErrors.unauthorized(error)) {
            return Check.fail(name, what + " refused: " + DriverErrors.describe(error), -1);
        }
        return new Check(name, Status.NOT_CHECKED, what + ": not known (the test failed for another reason)", -1);
    }

    private static String words(boolean read, boolean write) {
        if (read && write) {
            return "may read and write";
        }
        return (read ? "may read" : "may NOT read") + ", " + (write ? "may write" : "may NOT write");
    }

    private static LayerResult testLayer(ConnectionTest.Outcome test, String db, boolean credentials) {
        List<Check> steps = test.steps();
        long total = steps.stream().mapToLong(s -> Math.max(0, s.millis())).sum();
        String where = db + "." + ConnectionTest.COLLECTION;
        if (test.ok()) {
            List<String> parts = new ArrayList<>();
            for (Check s : steps) {
                if (!s.name().equals("clean up")) {
                    parts.add(s.name() + " " + s.millis() + " ms");
                }
            }
            return LayerResult.pass(Layer.TEST, String.join(", ", parts) + " in " + where + "; nothing left behind",
                    total, steps);
        }
        Throwable e = test.error();
        String remedy;
        if (DriverErrors.unauthorized(e)) {
            remedy = credentials ? Remedies.PRIVILEGES : Remedies.AUTH_REQUIRED;
        } else if (DriverErrors.timeout(e)) {
            remedy = Remedies.SERVER_SELECTION;
        } else if (DriverErrors.notPrimary(e)) {
            remedy = Remedies.NO_PRIMARY;
        } else {
            remedy = Remedies.TEST_FAILED;
        }
        Check failed = test.step(test.failedStep());
        return LayerResult.fail(Layer.TEST, test.failedStep() + " failed in " + where + ": "
                + (failed == null ? DriverErrors.describe(e) : failed.detail()), remedy, total, steps);
    }
}
