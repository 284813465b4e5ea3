package dev.prodguard.testing;

import static org.awaitility.Awaitility.await;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The database server's clock, which stamps every change's wall time, for tests that name a restore point
 * between two writes: the instant read after a write is not before its wall time, and once the server's clock
 * is past that instant every later write is after it. No fixed pause: on the embedded server (the same clock)
 * the wait is a millisecond; against a real deployment it also absorbs the skew between the two machines.
 */
public final class ServerClock {
    private ServerClock() {}

    /** The server's time now ({@code localTime} of hello/isMaster, milliseconds); this JVM's clock if it gives none. */
    public static Instant now(MongoDatabase db) {
        for (String command : List.of("hello", "isMaster")) {
            try {
                Object t = db.runCommand(new Document(command, 1)).get("localTime");
                if (t instanceof Date d) {
                    return d.toInstant();
                }
            } catch (MongoCommandException e) {
                // a server without that command name: try the other
            }
        }
        return Instant.now();
    }

    /**
     * An instant not before the wall time of any write made so far, once every write from now on is after it
     * (wall times are milliseconds, so both sides are compared in them).
     */
    public static Instant between(MongoDatabase db) {
        Instant at = now(db).truncatedTo(ChronoUnit.MILLIS);
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> now(db).truncatedTo(ChronoUnit.MILLIS).isAfter(at));
        return at;
    }
}
