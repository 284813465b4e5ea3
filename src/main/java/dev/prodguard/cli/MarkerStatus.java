package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.restore.RestoreMarker;
import dev.prodguard.restore.RestoreOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * For {@code status}: the databases on MONGO_URL's server that hold a restore marker (a restore running, or one
 * that stopped and left partial data), each with what to do; "unknown" when the server cannot be asked.
 */
final class MarkerStatus {
    private MarkerStatus() {}

    /** What the check found, or why it could not look ({@code unknown}). */
    record Scan(String unknown, List<RestoreMarker.Found> found) {}

    static Scan scan(CliContext ctx) {
        if (ctx.settings().get(ConfigKey.MONGO_URL).isEmpty()) {
            return new Scan("MONGO_URL is not set", List.of());
        }
        try (MongoClient client = RepoAccess.client(ctx)) {
            String guarded = ctx.settings().get(ConfigKey.DB_NAME).orElse(null);
            return new Scan(null, RestoreMarker.findAll(client, guarded,
                    RestoreOptions.from(RepoAccess.snapshotOptions(ctx)).lockStaleAfter(), ctx.clock()));
        } catch (MongoException | ProdguardException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new Scan("cannot ask the database server: " + why, List.of());
        }
    }

    static List<String> text(Scan s) {
        List<String> out = new ArrayList<>();
        if (s.unknown() != null) {
            out.add("restore markers: unknown (" + s.unknown() + ")");
            return out;
        }
        out.add("restore markers: " + (s.found().isEmpty() ? "none (no restore running, none stopped half-way)" : ""));
        for (RestoreMarker.Found f : s.found()) {
            out.add("  " + f.db() + ": " + (f.stale() ? "PARTIAL data of a restore that stopped (" + f.describe()
                    + "); clean up: " + cleanup(f) : "a restore is running (host " + f.host() + ", pid " + f.pid()
                    + ", restoring " + f.source() + ", since " + f.started() + ")"));
        }
        return out;
    }

    static ObjectNode json(Scan s) {
        ObjectNode o = Json.object();
        o.put("checked", s.unknown() == null);
        o.put("unknown", s.unknown());
        ArrayNode dbs = o.putArray("databases");
        for (RestoreMarker.Found f : s.found()) {
            ObjectNode d = dbs.addObject();
            d.put("db", f.db());
            d.put("state", f.stale() ? "stopped" : "running");
            d.put("host", f.host());
            d.put("pid", f.pid());
            d.put("source", f.source());
            d.put("started", String.valueOf(f.started()));
            d.put("heartbeat", String.valueOf(f.heartbeat()));
            d.put("safetySnapshot", f.safetySnapshot());
            d.put("cleanup", f.stale() ? cleanup(f) : null);
        }
        return o;
    }

    private static String cleanup(RestoreMarker.Found f) {
        return f.restoreAgain() + " (restores it completely; a safety snapshot of the partial data comes first), or drop"
                + " database " + f.db();
    }
}
