package dev.prodguard.gate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * The environment fingerprint: one document {@code {_id: "environment"}} in the {@code prodguard_meta}
 * collection of DB_NAME saying which environment the database belongs to, when it was marked and
 * from which host. It never holds a secret. Reading needs only read access; {@link #write} is the
 * only writer.
 */
public final class EnvironmentMarker {
    /** prodguard's metadata collection; every prodguard collection starts with {@code prodguard_}. */
    public static final String COLLECTION = "prodguard_meta";
    /** The marker document's {@code _id}. */
    public static final String ID = "environment";

    private EnvironmentMarker() {}

    /**
     * A marker as stored. {@code environment} is the raw stored value (it may be something other
     * than production or preview if someone edited it by hand).
     */
    public record Marker(String environment, Instant markedAt, String markedByHost) {
        /** True when the stored environment is {@code env}. */
        public boolean is(Environment env) {
            return env.wireName().equalsIgnoreCase(environment);
        }

        /** E.g. {@code production (marked 2026-11-25T09:00:00Z from host 'web-1')}. */
        public String describe() {
            String env = environment == null ? "(no environment)" : "'" + printable(environment) + "'";
            return (is(Environment.PRODUCTION) || is(Environment.PREVIEW) ? environment.toLowerCase(java.util.Locale.ROOT) : env)
                    + " (marked " + (markedAt == null ? "at an unknown time" : markedAt.toString())
                    + (markedByHost == null ? "" : " from host '" + printable(markedByHost) + "'") + ")";
        }
    }

    /** What {@link #write} did. */
    public enum Outcome {
        /** The database had no marker; one was written. */
        CREATED,
        /** The database was already marked with this environment; nothing was written. */
        ALREADY_MARKED,
        /** A marker of another environment was replaced (--force). */
        REPLACED
    }

    /** The marker of {@code db}, if any. */
    public static Optional<Marker> read(MongoDatabase db) {
        return Optional.ofNullable(readDocument(db)).map(EnvironmentMarker::fromDocument);
    }

    private static Document readDocument(MongoDatabase db) {
        return collection(db).find(Filters.eq("_id", ID)).first();
    }

    /**
     * Marks {@code db} as {@code env}. An existing marker of another environment is replaced only
     * with {@code force}; otherwise REFUSED, naming what the database is marked as.
     */
    public static Outcome write(MongoDatabase db, Environment env, boolean force, Clock clock, String host) {
        Document stored = readDocument(db);
        Optional<Marker> existing = Optional.ofNullable(stored).map(EnvironmentMarker::fromDocument);
        if (existing.isPresent() && existing.get().is(env)) {
            return Outcome.ALREADY_MARKED;
        }
        Document doc = new Document("_id", ID)
                .append("environment", env.wireName())
                .append("markedAt", Date.from(clock.instant()))
                .append("markedBy", new Document("host", host).append("tool", "prodguard gate --mark"));
        if (existing.isEmpty()) {
            try {
                collection(db).insertOne(doc);
                return Outcome.CREATED;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw ProdguardException.refused("database '" + db.getName() + "' was marked by someone"
                            + " else while this ran; run prodguard gate to see the marker, then decide");
                }
                throw e;
            }
        }
        Marker old = existing.get();
        if (!force) {
            throw ProdguardException.refused("database '" + db.getName() + "' is already marked "
                    + old.describe() + "; marking it " + env.wireName() + " needs --force (do that only if"
                    + " the existing marker is wrong)");
        }
        doc.append("previous", new Document("environment", old.environment())
                .append("markedAt", old.markedAt() == null ? null : Date.from(old.markedAt()))
                .append("markedBy", new Document("host", old.markedByHost())));
        Object oldEnv = stored.get("environment");
        UpdateResult r = collection(db).replaceOne(
                Filters.and(Filters.eq("_id", ID), Filters.eq("environment", oldEnv)), doc);
        if (r.getMatchedCount() != 1) {
            throw ProdguardException.refused("database '" + db.getName() + "' marker changed while this ran;"
                    + " run prodguard gate to see the marker, then decide");
        }
        return Outcome.REPLACED;
    }

    private static MongoCollection<Document> collection(MongoDatabase db) {
        return db.getCollection(COLLECTION);
    }

    private static Marker fromDocument(Document d) {
        Object env = d.get("environment");
        Object at = d.get("markedAt");
        Object by = d.get("markedBy");
        String host = by instanceof Document b && b.get("host") instanceof String h ? h : null;
        return new Marker(env == null ? null : env.toString(),
                at instanceof Date date ? date.toInstant() : null, host);
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
