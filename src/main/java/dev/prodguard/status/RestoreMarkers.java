package dev.prodguard.status;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.restore.RestoreMarker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The databases on the server that hold a restore marker (a restore running, or one that stopped and left
 * partial data), or why the server could not be asked ({@code unknown}, null when it was).
 */
public record RestoreMarkers(String unknown, List<RestoreMarker.Found> found) {
    /** Not asked, for this reason ("MONGO_URL is not set", ...). */
    public static RestoreMarkers unknown(String why) {
        return new RestoreMarkers(why, List.of());
    }

    /** Asks the server; a driver failure becomes {@code unknown} with its first line. */
    public static RestoreMarkers scan(MongoClient client, String guardedDb, Duration staleAfter, Clock clock) {
        try {
            return new RestoreMarkers(null, RestoreMarker.findAll(client, guardedDb, staleAfter, clock));
        } catch (MongoException | ProdguardException e) {
            return unknown(cannotAsk(e));
        }
    }

    /** The reason for a failure to reach the server, in one line. */
    public static String cannotAsk(RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return "cannot ask the database server: " + why;
    }

    /** What to run to clean up after a stopped restore. */
    public static String cleanup(RestoreMarker.Found f) {
        return f.restoreAgain() + " (restores it completely; a safety snapshot of the partial data comes first), or drop"
                + " database " + f.db();
    }
}
