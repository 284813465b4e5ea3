package dev.prodguard.report;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.config.Secrets;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.connect.UserData;
import dev.prodguard.report.Report.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * What the database server tells at report time, each answer with its {@link Source}: the collections and their
 * indexes ({@code listIndexes}, on every server), index use ({@code $indexStats}), the profiler's entries in the
 * window ({@code system.profile}, only read, never turned on), users and roles ({@code usersInfo}, without
 * credentials) and the bytes the server moved ({@code serverStatus.network}). A command the server lacks or the
 * user may not run makes its part "not available on this server" with the server's reason; nothing here writes.
 */
final class ServerFacts {
    static final int MAX_PROFILE = 5000;
    /** The shortest observation window in which an index without use is called unused. */
    static final java.time.Duration MIN_OBSERVED = java.time.Duration.ofDays(1);

    final String db;
    final List<String> collections = new ArrayList<>();
    final List<Long> counts = new ArrayList<>();
    List<IndexReview.Index> indexes = new ArrayList<>();
    Source listIndexes;
    final List<IndexReview.Unused> unused = new ArrayList<>();
    /** Per collection whose $indexStats answered: the accesses counted over all its indexes, {@code _id_} included. */
    final java.util.Map<String, Long> opsByCollection = new java.util.TreeMap<>();
    Source indexStats;
    List<Document> profile = List.of();
    Source profiler;
    final List<Report.User> users = new ArrayList<>();
    Source usersInfo;
    Long networkBytesPer7Days;
    Source network;

    private ServerFacts(String db) {
        this.db = db;
    }

    /** Facts that could not be asked: every part unavailable for {@code why}. */
    static ServerFacts unreachable(String db, String why, Instant from, Instant to) {
        ServerFacts f = new ServerFacts(db);
        f.listIndexes = Source.missing("listIndexes", from, to, why);
        f.indexStats = Source.missing("$indexStats", from, to, why);
        f.profiler = Source.missing("the profiler (system.profile)", from, to, why);
        f.usersInfo = Source.missing("usersInfo", from, to, why);
        f.network = Source.missing("serverStatus.network", from, to, why);
        return f;
    }

    /** Asks the server; a failure to reach it makes every part unavailable with the reason. */
    static ServerFacts ask(MongoClient client, String db, Instant from, Instant to) {
        ServerFacts f = new ServerFacts(db);
        MongoDatabase d = client.getDatabase(db);
        try {
            f.collections.addAll(UserData.collections(client, db));
        } catch (MongoException e) {
            return unreachable(db, "the database could not be asked: " + why(e), from, to);
        }
        for (String c : f.collections) {
            try {
                f.counts.add(d.getCollection(c).estimatedDocumentCount());
            } catch (MongoException e) {
                f.counts.add(-1L);
            }
        }
        f.indexes(d, from, to);
        f.indexStats(d, from, to);
        f.profiler(d, from, to);
        f.users(d, from, to);
        f.network(client, from, to);
        return f;
    }

    private void indexes(MongoDatabase d, Instant from, Instant to) {
        try {
            for (String c : collections) {
                indexes.addAll(IndexReview.indexes(c, d.getCollection(c).listIndexes().into(new ArrayList<>())));
            }
            listIndexes = Source.of("listIndexes of " + collections.size() + " collection(s) of " + db + " at " + Words.instant(to),
                    to, to);
        } catch (MongoException e) {
            listIndexes = Source.missing("listIndexes", to, to, notAvailable(e));
        }
    }

    private void indexStats(MongoDatabase d, Instant from, Instant to) {
        String reason = null;
        Instant since = null;
        for (String c : collections) {
            try {
                List<Document> stats = d.getCollection(c).aggregate(List.of(new Document("$indexStats", new Document())))
                        .into(new ArrayList<>());
                unused.addAll(IndexReview.unused(c, stats));
                long ops = 0;
                for (Document s : stats) {
                    if (s.get("accesses") instanceof Document a && a.get("ops") instanceof Number n) {
                        ops += n.longValue();
                    }
                }
                opsByCollection.put(c, ops);
                for (Document s : stats) {
                    if (s.get("accesses") instanceof Document a && a.get("since") instanceof Date t
                            && (since == null || t.toInstant().isBefore(since))) {
                        since = t.toInstant();
                    }
                }
            } catch (MongoException e) {
                reason = notAvailable(e);
                break;
            }
        }
        if (reason == null && !collections.isEmpty() && (since == null || since.isAfter(to.minus(MIN_OBSERVED)))) {
            // the count restarts with the server; the embedded server answers ops 0 "since" the instant asked
            reason = "not available on this server yet: $indexStats has counted index use only since "
                    + (since == null ? "an unknown time" : Words.instant(since)) + ", less than "
                    + Words.days(MIN_OBSERVED) + " before the report's end, too short to call an index unused";
        }
        if (reason != null) {
            unused.clear();
            opsByCollection.clear();
            indexStats = Source.missing("$indexStats", from, to, reason);
        } else {
            // the server counts from its start (or the index's creation): that is the observation window
            indexStats = Source.of("$indexStats: accesses counted by the server since it started or the index was built",
                    since == null ? to : since, to);
        }
    }

    private void profiler(MongoDatabase d, Instant from, Instant to) {
        int level;
        try {
            Document r = d.runCommand(new Document("profile", -1));
            level = r.get("was") instanceof Number n ? n.intValue() : 0;
        } catch (MongoException e) {
            profiler = Source.missing("the profiler (system.profile)", from, to, notAvailable(e));
            return;
        }
        if (level < 1) {
            profiler = Source.missing("the profiler (system.profile)", from, to, "the profiler of " + db + " is off"
                    + " (level 0), so the server keeps no list of slow operations or collection scans; turn it on with"
                    + " db.setProfilingLevel(1, {slowms: 100}) where the tier allows it");
            return;
        }
        try {
            profile = d.getCollection("system.profile").find(new Document("ts", new Document("$gte", Date.from(from))
                    .append("$lt", Date.from(to)))).sort(new Document("ts", -1)).limit(MAX_PROFILE).into(new ArrayList<>());
            profiler = Source.of("the profiler (system.profile of " + db + ", level " + level + "), " + profile.size()
                    + " entr" + (profile.size() == 1 ? "y" : "ies") + (profile.size() == MAX_PROFILE ? " (the newest "
                    + MAX_PROFILE + ")" : ""), from, to);
        } catch (MongoException e) {
            profiler = Source.missing("the profiler (system.profile)", from, to, notAvailable(e));
        }
    }

    private void users(MongoDatabase d, Instant from, Instant to) {
        try {
            Document r = d.runCommand(new Document("usersInfo", 1));
            if (r.get("users") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Document u) {
                        List<String> roles = new ArrayList<>();
                        if (u.get("roles") instanceof List<?> rs) {
                            for (Object x : rs) {
                                if (x instanceof Document role) {
                                    roles.add(role.get("role") + "@" + role.get("db"));
                                }
                            }
                        }
                        users.add(new Report.User(String.valueOf(u.get("user")), String.valueOf(u.get("db")), roles));
                    }
                }
            }
            usersInfo = Source.of("usersInfo of " + db + " at " + Words.instant(to), to, to);
        } catch (MongoException e) {
            usersInfo = Source.missing("usersInfo", to, to, notAvailable(e));
        }
    }

    private void network(MongoClient client, Instant from, Instant to) {
        try {
            Document s = client.getDatabase("admin").runCommand(new Document("serverStatus", 1));
            Object n = s.get("network");
            Object up = s.get("uptimeMillis") != null ? s.get("uptimeMillis") : s.get("uptime");
            if (!(n instanceof Document net) || !(net.get("bytesIn") instanceof Number in)
                    || !(net.get("bytesOut") instanceof Number out) || !(up instanceof Number u) || u.doubleValue() <= 0) {
                network = Source.missing("serverStatus.network", to, to, "not available on this server: serverStatus has"
                        + " no network byte counters");
                return;
            }
            double upMillis = s.get("uptimeMillis") != null ? u.doubleValue() : u.doubleValue() * 1000;
            double perMilli = (in.doubleValue() + out.doubleValue()) / upMillis;
            networkBytesPer7Days = Math.round(perMilli * 7 * 86_400_000.0);
            network = Source.of("serverStatus.network: bytes in and out since the server started ("
                    + Words.days(java.time.Duration.ofMillis((long) upMillis)) + " ago), scaled to 7 days", to.minusMillis(
                    (long) upMillis), to);
        } catch (MongoException e) {
            network = Source.missing("serverStatus.network", to, to, notAvailable(e));
        }
    }

    /** "not available on this server: ..." for a refused command, "could not ask: ..." for a passing failure. */
    static String notAvailable(MongoException e) {
        if (e instanceof MongoCommandException c) {
            String name = c.getErrorCodeName() == null || c.getErrorCodeName().isEmpty() ? "" : " (" + c.getErrorCodeName() + ")";
            return "not available on this server: " + Secrets.scrub(oneLine(c.getErrorMessage())) + name;
        }
        return "could not ask the server: " + why(e);
    }

    private static String why(MongoException e) {
        ConnectionProblem p = ConnectionProblem.of(e);
        return Secrets.scrub(p != null ? p.line() : oneLine(e.getMessage()));
    }

    private static String oneLine(String s) {
        String flat = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return flat.length() > 240 ? flat.substring(0, 240) + "..." : flat;
    }
}
