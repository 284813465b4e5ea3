package dev.prodguard.capture;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Capture's heartbeat: every {@code interval} it stamps the {@code prodguard_heartbeat} document with
 * the current time, so the stream position moves on even when the application is idle (the embedded
 * server writes no no-op oplog entries), and when the stamp comes back through the stream the
 * difference is the capture lag.
 */
public final class Heartbeat {
    static final String ID = "capture";

    private final MongoDatabase db;
    private final Clock clock;
    private final Duration interval;
    private Instant lastBeat;
    private Duration lastLag;
    private Instant lastSeen;

    public Heartbeat(MongoDatabase db, Clock clock, Duration interval) {
        this.db = db;
        this.clock = clock;
        this.interval = interval;
    }

    /** Stamps the heartbeat document when the interval has passed since the last stamp. */
    public void beatIfDue() {
        Instant now = clock.instant();
        if (lastBeat != null && now.isBefore(lastBeat.plus(interval))) {
            return;
        }
        beatNow();
    }

    /**
     * Stamps the heartbeat document now and returns the stamp: once {@link #seen} says it came back
     * through the stream, every change acknowledged before this call has been received.
     */
    public Instant beatNow() {
        Instant now = Instant.ofEpochMilli(clock.millis());
        db.getCollection(CaptureProbe.HEARTBEAT_COLLECTION)
                .updateOne(Filters.eq("_id", ID), Updates.set("at", Date.from(now)), new UpdateOptions().upsert(true));
        lastBeat = now;
        return now;
    }

    /** Whether a heartbeat stamped at or after {@code stamp} came back through the stream. */
    public boolean seen(Instant stamp) {
        return lastSeen != null && !lastSeen.isBefore(stamp);
    }

    /** Whether an event is on the heartbeat collection (such events are not stored in segments). */
    public static boolean isHeartbeat(ChangeEvent e) {
        return e.meta().ns() != null && CaptureProbe.HEARTBEAT_COLLECTION.equals(e.meta().ns().coll());
    }

    /** Records the lag from a heartbeat event that came back through the stream. */
    public void observe(ChangeEvent e) {
        BsonValue at = null;
        if (e instanceof ChangeEvent.Update u) {
            at = u.delta().updated().stream().filter(s -> s.path().dotted().equals("at")).map(UpdateDelta.SetField::value).findFirst().orElse(null);
        } else if (e instanceof ChangeEvent.Insert i) {
            at = i.document().get("at");
        } else if (e instanceof ChangeEvent.Replace r) {
            at = r.document().get("at");
        } else if (e instanceof ChangeEvent.PostImageUpdate p && p.postImage() != null) {
            at = p.postImage().get("at");
        }
        if (at != null && at.isDateTime() && new BsonString(ID).equals(e.documentId())) {
            Instant stamp = Instant.ofEpochMilli(at.asDateTime().getValue());
            lastLag = Duration.between(stamp, clock.instant());
            lastSeen = lastSeen == null || stamp.isAfter(lastSeen) ? stamp : lastSeen;
        }
    }

    /** The lag measured from the newest heartbeat seen, or null. */
    public Duration lastLag() {
        return lastLag;
    }
}
