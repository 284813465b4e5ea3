package dev.prodguard.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.text.Instants;
import java.io.IOException;
import java.time.Instant;

/** Who holds an operation lock, as stored (plain JSON) in {@code locks/<scope>.lock}. */
record LockHolder(String scope, String operation, String host, long pid, String token, Instant started,
        Instant heartbeat) {

    LockHolder withHeartbeat(Instant at) {
        return new LockHolder(scope, operation, host, pid, token, started, at);
    }

    byte[] toJson() {
        ObjectNode n = JsonTrees.object();
        n.put("scope", scope);
        n.put("operation", operation);
        n.put("host", host);
        n.put("pid", pid);
        n.put("token", token);
        n.put("started", started.toString());
        n.put("heartbeat", heartbeat.toString());
        try {
            return JsonTrees.write(n, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a stored lock; null when it is not a readable lock (never written by prodguard). */
    static LockHolder parse(byte[] bytes) {
        try {
            JsonNode n = JsonTrees.read(bytes);
            if (n == null || !n.hasNonNull("token") || !n.hasNonNull("heartbeat")) {
                return null;
            }
            return new LockHolder(n.path("scope").asText(), n.path("operation").asText("?"), n.path("host").asText("?"),
                    n.path("pid").asLong(-1), n.path("token").asText(), Instant.parse(n.path("started").asText()),
                    Instant.parse(n.path("heartbeat").asText()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "backup on host h (pid 42), started 2026-11-25T10:00:00Z". */
    String describe() {
        return "'" + operation + "' on host " + host + " (pid " + pid + "), started " + started;
    }

    /** Whether the holder is a process on this host that no longer exists (so it cannot release). */
    boolean deadOnThisHost() {
        return LocalProcess.deadOnThisHost(host, pid);
    }

    /** This machine's host name, for lock records. */
    static String localHost() {
        return LocalProcess.host();
    }
}
