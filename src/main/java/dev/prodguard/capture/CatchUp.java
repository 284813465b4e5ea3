package dev.prodguard.capture;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.prodguard.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Brings captured history up to date before a snapshot starts reading, so that its anchor (the newest segment
 * committed before it started) covers every change made before it: a restore from the snapshot then replays
 * none of the changes the snapshot holds. The snapshot's side writes a request into {@code prodguard_heartbeat}
 * ({@code _id: "catch-up"}, a fresh nonce) and waits; capture, once the request comes through its change
 * stream, commits everything it received before it (the stream delivers changes in order, so that is every
 * change acknowledged before the request) and acknowledges the nonce in the record {@code capture-catch-up/<db>}.
 * Without running capture, or when it does not answer in time, the snapshot starts anyway, anchored as before.
 */
public final class CatchUp {
    static final String ID = "catch-up";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CatchUp() {}

    /** The record capture acknowledges requests in. */
    public static String record(String database) {
        return "capture-catch-up/" + database;
    }

    /**
     * The snapshot's side: asks the capture of {@code db} to commit what it received and waits at most {@code atMost}
     * for its answer. Returns at once, false, when capture's status record does not say it is running, or when the
     * request cannot be written (a user without write access): the snapshot is then anchored as without it.
     */
    public static boolean await(MongoDatabase db, Repository repo, Duration atMost, Clock clock) throws InterruptedException {
        byte[] status = repo.getRecord(CaptureState.record(db.getName()));
        if (status == null || !"running".equals(CaptureState.fromJson(status).state())) {
            return false;
        }
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        try {
            db.getCollection(CaptureProbe.HEARTBEAT_COLLECTION).replaceOne(Filters.eq("_id", ID),
                    new Document("_id", ID).append("nonce", nonce).append("at", java.util.Date.from(clock.instant())),
                    new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            return false;
        }
        Instant deadline = clock.instant().plus(atMost);
        while (clock.instant().isBefore(deadline)) {
            byte[] ack = repo.getRecord(record(db.getName()));
            if (ack != null && nonce.equals(BsonDocument.parse(new String(ack, StandardCharsets.UTF_8)).getString("nonce",
                    new BsonString("")).getValue())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Capture's side: the nonce a change on {@code prodguard_heartbeat} requests, or null when it is no request. */
    static String requested(ChangeEvent e) {
        if (!Heartbeat.isHeartbeat(e) || !(e instanceof ChangeEvent.DocumentEvent d) || !new BsonString(ID).equals(d.documentId())) {
            return null;
        }
        BsonValue nonce = null;
        if (e instanceof ChangeEvent.Insert i) {
            nonce = i.document().get("nonce");
        } else if (e instanceof ChangeEvent.Replace r) {
            nonce = r.document().get("nonce");
        } else if (e instanceof ChangeEvent.PostImageUpdate p && p.postImage() != null) {
            nonce = p.postImage().get("nonce");
        } else if (e instanceof ChangeEvent.Update u) {
            nonce = u.delta().updated().stream().filter(s -> s.path().dotted().equals("nonce")).map(UpdateDelta.SetField::value)
                    .findFirst().orElse(null);
        }
        return nonce != null && nonce.isString() ? nonce.asString().getValue() : null;
    }

    /** Capture's side: the acknowledgement of {@code nonce}, written once everything received before it is committed. */
    static byte[] acknowledgement(String database, String nonce, long newestSeq, Instant at) {
        return new BsonDocument("database", new BsonString(database)).append("nonce", new BsonString(nonce))
                .append("newestSeq", new org.bson.BsonInt64(newestSeq)).append("at", new BsonString(at.toString()))
                .toJson().getBytes(StandardCharsets.UTF_8);
    }
}
