package dev.prodguard.capture;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.prodguard.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;

/**
 * Capture's proof that it still follows the same history: a marker document in the guarded database
 * ({@code prodguard_heartbeat}, {@code _id: "marker-<repository id>"}) carrying a random token that the
 * repository's record {@code capture-marker/<db>} also holds. A database replaced by another one (a
 * preview reset, a lost volume, a restore from elsewhere) does not hold it; a dropped one loses it too,
 * but then the captured history shows the drop. The marker's writes are heartbeat events, never stored.
 */
public final class HistoryMarker {
    /** What a check found. */
    public enum State {
        /** The marker is there with the repository's token. */
        SAME,
        /** Nothing recorded yet (a new history, or one begun before markers existed): written now. */
        FIRST,
        /** The repository knows a token and the database does not hold it. */
        MISSING
    }

    private final MongoDatabase db;
    private final Repository repo;
    private final String dbName;
    private final Clock clock;

    public HistoryMarker(MongoDatabase db, Repository repo, Clock clock) {
        this.db = db;
        this.repo = repo;
        this.dbName = db.getName();
        this.clock = clock;
    }

    /** The repository record that holds the token. */
    public static String record(String database) {
        return "capture-marker/" + database;
    }

    private String docId() {
        return "marker-" + repo.id();
    }

    /** Checks the marker; writes it when nothing was recorded yet. */
    public State check() {
        byte[] rec = repo.getRecord(record(dbName));
        if (rec == null) {
            renew();
            return State.FIRST;
        }
        String token = new String(rec, StandardCharsets.UTF_8).trim();
        Document doc = db.getCollection(CaptureProbe.HEARTBEAT_COLLECTION).find(Filters.eq("_id", docId())).first();
        return doc != null && token.equals(doc.getString("token")) ? State.SAME : State.MISSING;
    }

    /** Writes the recorded token into the database again (its absence was explained by a drop). */
    public void rewrite() {
        byte[] rec = repo.getRecord(record(dbName));
        if (rec == null) {
            renew();
        } else {
            write(new String(rec, StandardCharsets.UTF_8).trim());
        }
    }

    /** A new token, in the database first and then in the repository (a new history begins). */
    public void renew() {
        String token = UUID.randomUUID().toString();
        write(token);
        repo.putRecord(record(dbName), token.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String token) {
        db.getCollection(CaptureProbe.HEARTBEAT_COLLECTION).replaceOne(Filters.eq("_id", docId()),
                new Document("_id", docId()).append("token", token).append("repository", repo.id())
                        .append("writtenAt", Date.from(clock.instant())), new ReplaceOptions().upsert(true));
    }
}
