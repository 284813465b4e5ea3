package dev.prodguard.restore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.LocalProcess;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marker a restore keeps in its target database while it runs, and its lock: one document
 * {@code {_id: "restore", token, host, pid, operation: "restore", source, started, heartbeat, safetySnapshot}} in
 * {@code prodguard_restore_in_progress}. It is placed with a plain insert (a second restore gets a duplicate
 * key) before anything else is written to the target; its heartbeat is refreshed with the database server's
 * clock ({@code $currentDate}) every quarter of the stale threshold; only a complete restore removes it, by
 * dropping the collection, so a marker left behind means the target holds a stopped restore's partial data.
 * Wipe detection and point-in-time planning rely on this contract (docs/repository-format.md).
 */
public final class RestoreMarker implements AutoCloseable {
    /** The marker's collection in the target database. */
    public static final String COLLECTION = SnapshotService.RESTORE_MARKER;
    static final String ID = "restore";
    private static final Logger LOG = LoggerFactory.getLogger(RestoreMarker.class);

    private final MongoCollection<Document> coll;
    private final String token;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;

    private RestoreMarker(MongoDatabase db, String token, Duration staleAfter) {
        this.coll = db.getCollection(COLLECTION);
        this.token = token;
        long period = Math.max(50, staleAfter.toMillis() / 4);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prodguard-restore-marker");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** A marker as found in a database, judged against the database server's clock. */
    public record Found(String db, String token, String host, long pid, String source, Instant started,
            Instant heartbeat, String safetySnapshot, boolean stale, String why) {
        /** "host h (pid p), restoring snapshot X, since S, last heartbeat T (N s ago by the database server's clock)". */
        public String describe() {
            return "host " + host + " (pid " + pid + "), restoring " + source + ", since " + Instants.human(started) + ", last heartbeat "
                    + Instants.human(heartbeat) + " (" + why + ")";
        }

        /** The command that restores the target again from the marker's source, replacing its partial data. */
        public String restoreAgain() {
            String from = source.startsWith("snapshot ") ? "--snapshot " + source.substring("snapshot ".length())
                    : source.startsWith("point in time ") ? "--to " + source.substring("point in time ".length()) : "<source>";
            return "prodguard restore " + from + " --target-db " + db + " --force";
        }
    }

    /** The rule a marker is judged by, for messages. */
    public static String rule(Duration staleAfter) {
        return "a restore counts as stopped when its marker's heartbeat, which a running restore writes with the database"
                + " server's clock every " + Durations.human(staleAfter.dividedBy(4)) + ", is more than "
                + Durations.human(staleAfter) + " away from that clock, or when its process no longer exists on this host";
    }

    /** The marker of {@code db}, or null when it holds none; reading never creates the database. */
    public static Found find(MongoDatabase db, Duration staleAfter, Clock fallback) {
        Document d = db.getCollection(COLLECTION).find(Filters.eq("_id", ID)).first();
        if (d == null) {
            return null;
        }
        Instant now = serverNow(db, fallback);
        Instant beat = instant(d.get("heartbeat"));
        String host = String.valueOf(d.get("host"));
        long pid = d.get("pid") instanceof Number n ? n.longValue() : -1;
        boolean dead = LocalProcess.deadOnThisHost(host, pid);
        String why;
        boolean stale;
        if (beat == null) {
            stale = true;
            why = "no readable heartbeat: not written by a running restore";
        } else {
            Duration age = Duration.between(beat, now);
            stale = dead || age.abs().compareTo(staleAfter) > 0;
            why = dead ? "that process no longer exists on this host"
                    : age.isNegative() ? Durations.human(age.negated()) + " ahead of the database server's clock"
                    : Durations.human(age) + " ago by the database server's clock";
        }
        return new Found(db.getName(), String.valueOf(d.get("token")), host, pid, String.valueOf(d.get("source")),
                instant(d.get("started")), beat, d.get("safetySnapshot") instanceof String id ? id : null, stale, why);
    }

    /**
     * The markers of every database on the server ({@code guarded} first; admin, local and config skipped):
     * running restores, and stopped ones whose targets hold partial data.
     */
    public static List<Found> findAll(MongoClient client, String guarded, Duration staleAfter, Clock fallback) {
        List<String> names = new ArrayList<>();
        if (guarded != null) {
            names.add(guarded);
        }
        for (String n : client.listDatabaseNames()) {
            if (!names.contains(n) && !List.of("admin", "local", "config").contains(n)) {
                names.add(n);
            }
        }
        List<Found> out = new ArrayList<>();
        for (String n : names) {
            MongoDatabase db = client.getDatabase(n);
            if (db.listCollectionNames().into(new ArrayList<>()).contains(COLLECTION)) {
                Found f = find(db, staleAfter, fallback);
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * Places a new marker with a plain insert. @throws ProdguardException LOCKED when another restore placed one
     * first (the insert met its {@code _id})
     */
    static RestoreMarker place(MongoDatabase db, String source, Duration staleAfter, Clock fallback) {
        String token = UUID.randomUUID().toString();
        try {
            db.getCollection(COLLECTION).insertOne(document(token, source, serverNow(db, fallback)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Found other = find(db, staleAfter, fallback);
            throw locked(db.getName(), other == null ? "another restore (its marker vanished meanwhile)" : other.describe(),
                    staleAfter);
        }
        return new RestoreMarker(db, token, staleAfter);
    }

    /**
     * Replaces a stale marker by its own, only if the stale one is still there unchanged (same token), so of two
     * restores taking over at once only one proceeds. @throws ProdguardException LOCKED when it changed meanwhile
     */
    static RestoreMarker takeOver(MongoDatabase db, Found stale, String source, Duration staleAfter, Clock fallback) {
        String token = UUID.randomUUID().toString();
        Document mine = document(token, source, serverNow(db, fallback));
        if (db.getCollection(COLLECTION).replaceOne(Filters.and(Filters.eq("_id", ID), Filters.eq("token", stale.token())),
                mine).getMatchedCount() == 0) {
            throw locked(db.getName(), "another restore that took over the stopped one's marker first", staleAfter);
        }
        return new RestoreMarker(db, token, staleAfter);
    }

    static ProdguardException locked(String db, String holder, Duration staleAfter) {
        return new ProdguardException(ErrorCode.LOCKED, "another restore into " + db + " is running: " + holder
                + "; nothing was written; wait for it to finish (" + rule(staleAfter) + ")");
    }

    private static Document document(String token, String source, Instant now) {
        return new Document("_id", ID).append("token", token).append("host", LocalProcess.host())
                .append("pid", LocalProcess.pid()).append("operation", "restore").append("source", source)
                .append("started", Date.from(now)).append("heartbeat", Date.from(now)).append("safetySnapshot", null);
    }

    /** This restore's token (in the marker document, and so in the captured history of a followed target). */
    String token() {
        return token;
    }

    /** Records the safety snapshot taken of the target before it is replaced. */
    void safetySnapshot(String id) {
        update(Updates.set("safetySnapshot", id));
        ensureHeld();
    }

    /** Throws LOCKED when another restore took this marker over (this one looked stopped to it). */
    void ensureHeld() {
        if (lost) {
            throw new ProdguardException(ErrorCode.LOCKED, "this restore lost its marker in " + coll.getNamespace()
                    .getDatabaseName() + ": another restore took it over because this one's heartbeat looked stopped;"
                    + " stopping without writing more");
        }
    }

    /** Removes the marker (the restore completed): drops its collection if the marker is still this restore's. */
    void remove() {
        close();
        if (coll.countDocuments(Filters.and(Filters.eq("_id", ID), Filters.eq("token", token))) == 1) {
            coll.drop();
        }
    }

    private void beat() {
        try {
            if (!lost) {
                update(Updates.currentDate("heartbeat"));
            }
        } catch (MongoException e) {
            LOG.warn("could not refresh the restore marker's heartbeat in {}: {}", coll.getNamespace(), e.getMessage());
        }
    }

    private void update(Bson change) {
        if (coll.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("token", token)), change).getMatchedCount() == 0) {
            lost = true;
        }
    }

    /**
     * The database server's clock (the {@code localTime} of {@code isMaster}, or of {@code hello} where the legacy
     * name is gone), or {@code fallback} when it does not say.
     */
    public static Instant serverNow(MongoDatabase db, Clock fallback) {
        for (String command : List.of("isMaster", "hello")) {
            try {
                Object t = db.runCommand(new Document(command, 1)).get("localTime");
                if (t instanceof Date d) {
                    return d.toInstant();
                }
            } catch (MongoCommandException e) {
                // a server without that name: try the other
            }
        }
        return fallback.instant();
    }

    private static Instant instant(Object o) {
        return o instanceof Date d ? d.toInstant() : null;
    }

    /** Stops the heartbeat (the marker stays unless {@link #remove} removed it). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
