package dev.prodguard.doctor;

import dev.prodguard.connect.Bounded;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The server handshake layer: asks every host {@code hello} over the wire protocol, falling back to
 * the legacy {@code isMaster} where a server lacks {@code hello} (older servers, and the embedded
 * development server), then {@code buildInfo} for the version. No credentials are involved.
 */
final class HandshakeCheck {
    private static final int COMMAND_NOT_FOUND = 59;

    /** One host's answer: its check line, the hello reply (null on failure) and the remedy on failure. */
    private record HostResult(Endpoint endpoint, Check check, BsonDocument hello, String remedy) {}

    /** The layer's result and the endpoints that answered. */
    record Outcome(LayerResult result, List<Endpoint> answered) {}

    private final Connector connector;
    private final int timeoutMs;
    private final String replicaSet;

    /** @param replicaSet the replica set MONGO_URL names ({@code replicaSet=}), or null */
    HandshakeCheck(Connector connector, int timeoutMs, String replicaSet) {
        this.connector = connector;
        this.timeoutMs = timeoutMs;
        this.replicaSet = replicaSet;
    }

    Outcome run(List<Endpoint> endpoints) throws Exception {
        long start = System.nanoTime();
        List<Callable<HostResult>> tasks = new ArrayList<>();
        for (Endpoint e : endpoints) {
            tasks.add(() -> ask(e));
        }
        List<HostResult> results = Bounded.all(tasks, 4L * timeoutMs + 5000, (i, e) -> new HostResult(endpoints.get(i),
                Check.fail(endpoints.get(i).toString(), "no answer in time", -1), null, Remedies.SERVER_SELECTION));
        List<Check> items = results.stream().map(HostResult::check).toList();
        List<Endpoint> answered = results.stream().filter(r -> r.hello() != null).map(HostResult::endpoint).toList();
        long millis = Doctor.millisSince(start);
        List<HostResult> failed = results.stream().filter(r -> r.hello() == null).toList();
        if (!failed.isEmpty()) {
            HostResult first = failed.get(0);
            return new Outcome(LayerResult.fail(Layer.HANDSHAKE, first.endpoint() + ": " + first.check().detail(),
                    first.remedy(), millis, items), answered);
        }
        List<BsonDocument> hellos = results.stream().map(HostResult::hello).toList();
        boolean inSet = hellos.stream().anyMatch(h -> h.containsKey("setName"));
        boolean primaryKnown = hellos.stream().anyMatch(h -> isPrimary(h) || h.containsKey("primary"));
        if (replicaSet != null) {
            for (HostResult r : results) {
                String actual = r.hello().isString("setName") ? r.hello().getString("setName").getValue() : null;
                if (!replicaSet.equals(actual)) {
                    return new Outcome(LayerResult.fail(Layer.HANDSHAKE, "MONGO_URL asks for replicaSet=" + replicaSet
                            + " but " + r.endpoint() + " is " + (actual == null ? "not in a replica set"
                            : "in replica set " + actual), Remedies.REPLICA_SET, millis, items), List.of());
                }
            }
        }
        if (inSet && !primaryKnown) {
            return new Outcome(LayerResult.fail(Layer.HANDSHAKE, "replica set "
                    + hellos.get(0).getString("setName", new BsonString("?")).getValue() + " has no primary",
                    Remedies.NO_PRIMARY, millis, items), answered);
        }
        String summary = results.size() == 1 ? results.get(0).check().detail()
                : results.size() + " host(s) answered; " + results.get(0).check().detail();
        return new Outcome(LayerResult.pass(Layer.HANDSHAKE, summary, millis, items), answered);
    }

    private HostResult ask(Endpoint endpoint) {
        long t = System.nanoTime();
        String name = endpoint.toString();
        try (Socket s = connector.open(endpoint)) {
            String used = "hello";
            BsonDocument hello = WireProbe.command(s, command("hello"));
            if (isCommandNotFound(hello)) {
                used = "legacy isMaster (this server lacks hello)";
                hello = WireProbe.command(s, command("isMaster"));
            }
            if (!isOk(hello)) {
                return new HostResult(endpoint, Check.fail(name, "the server refused " + used + ": "
                        + errmsg(hello), Doctor.millisSince(t)), null, Remedies.NOT_MONGODB);
            }
            BsonDocument build = WireProbe.command(s, command("buildInfo"));
            String version = isOk(build) && build.isString("version") ? "MongoDB " + build.getString("version").getValue()
                    : "MongoDB (version not reported)";
            String detail = version + " (wire " + wire(hello) + "), " + role(hello) + "; " + used;
            return new HostResult(endpoint, Check.pass(name, detail, Doctor.millisSince(t)), hello, null);
        } catch (WireProbe.NotMongoDb e) {
            return new HostResult(endpoint, Check.fail(name, "answered, but not as MongoDB (" + e.getMessage() + ")",
                    Doctor.millisSince(t)), null, Remedies.NOT_MONGODB);
        } catch (IOException e) {
            boolean timeout = e instanceof SocketTimeoutException;
            String seen = timeout ? "no answer within " + timeoutMs + " ms"
                    : WireProbe.closedByPeer(e) ? "the server closed the connection" : e.getMessage();
            String remedy = connector.tls() ? Remedies.TLS_CLOSED : Remedies.NEEDS_TLS;
            return new HostResult(endpoint, Check.fail(name, "no MongoDB handshake: " + seen, Doctor.millisSince(t)),
                    null, remedy);
        }
    }

    private static BsonDocument command(String name) {
        return new BsonDocument(name, new BsonInt32(1)).append("$db", new BsonString("admin"));
    }

    static boolean isOk(BsonDocument reply) {
        BsonValue ok = reply.get("ok");
        return ok != null && ok.isNumber() && ok.asNumber().doubleValue() == 1.0;
    }

    static boolean isCommandNotFound(BsonDocument reply) {
        if (isOk(reply)) {
            return false;
        }
        BsonValue code = reply.get("code");
        return (code != null && code.isNumber() && code.asNumber().intValue() == COMMAND_NOT_FOUND)
                || errmsg(reply).contains("no such command");
    }

    private static String errmsg(BsonDocument reply) {
        return reply.isString("errmsg") ? reply.getString("errmsg").getValue() : reply.toJson();
    }

    private static boolean isPrimary(BsonDocument hello) {
        return hello.getBoolean("isWritablePrimary", hello.getBoolean("ismaster", org.bson.BsonBoolean.FALSE)).getValue();
    }

    private static String wire(BsonDocument hello) {
        BsonValue v = hello.get("maxWireVersion");
        return v != null && v.isNumber() ? String.valueOf(v.asNumber().intValue()) : "?";
    }

    /** What the host is: standalone, mongos, or a replica-set member and its state. */
    static String role(BsonDocument hello) {
        if (hello.isString("msg") && "isdbgrid".equals(hello.getString("msg").getValue())) {
            return "mongos (sharded cluster)";
        }
        if (hello.isString("setName")) {
            String set = "replica set " + hello.getString("setName").getValue();
            if (isPrimary(hello)) {
                return set + ", primary";
            }
            if (hello.getBoolean("secondary", org.bson.BsonBoolean.FALSE).getValue()) {
                return set + ", secondary";
            }
            return set + ", neither primary nor secondary";
        }
        return isPrimary(hello) ? "standalone" : "not writable";
    }
}
