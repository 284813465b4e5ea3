package dev.prodguard.testing;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The database server's clock, which stamps every change's wall time, for tests that name a restore point
 * between two writes: the instant read after a write is not before its wall time, and once the server's clock
 * is past that instant every later write is after it. No fixed pause: on the embedded server (the same clock)
 * the wait is a millisecond; against a real deployment it also absorbs the skew between the two machines.
 */
public final class ServerClock {
    private ServerClock() {}

    /** The server's time now ({@code localTime}, milliseconds; this JVM's clock if it gives none): the restore marker's reader. */
    public static Instant now(MongoDatabase db) {
        return dev.prodguard.restore.RestoreMarker.serverNow(db, java.time.Clock.systemUTC());
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
