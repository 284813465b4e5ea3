package dev.prodguard.restore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore target holds before a restore: the user's collections (views included), prodguard's own
 * ({@code prodguard_*}: scratch collections, the environment marker, a restore marker), and the restore marker
 * judged fresh or stale. Only the user's collections make a target "not empty"; {@code system.*} is ignored.
 */
public record TargetState(String db, boolean exists, List<String> user, List<String> own, RestoreMarker.Found marker) {
    /** The environment marker's collection ({@code gate --mark}); a restore keeps the target's own. */
    public static final String ENVIRONMENT = "prodguard_meta";

    public TargetState {
        user = List.copyOf(user);
        own = List.copyOf(own);
    }

    /** Reads the target without creating it (the database list is asked first). */
    public static TargetState read(MongoClient client, String db, Duration staleAfter, Clock clock) {
        if (!client.listDatabaseNames().into(new ArrayList<>()).contains(db)) {
            return new TargetState(db, false, List.of(), List.of(), null);
        }
        MongoDatabase d = client.getDatabase(db);
        List<String> user = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String n : d.listCollectionNames()) {
            if (!n.startsWith("system.")) {
                (n.startsWith("prodguard_") ? own : user).add(n);
            }
        }
        user.sort(null);
        own.sort(null);
        RestoreMarker.Found marker = own.contains(RestoreMarker.COLLECTION) ? RestoreMarker.find(d, staleAfter, clock) : null;
        return new TargetState(db, true, user, own, marker);
    }

    /** True when it holds none of the user's collections (prodguard's own never count). */
    public boolean empty() {
        return user.isEmpty();
    }

    /** Every collection name (the user's and prodguard's), for replacing those a restore brings back. */
    public List<String> all() {
        List<String> out = new ArrayList<>(user);
        out.addAll(own);
        return out;
    }

    /** One line for --dry-run: what the target holds and what the restore will do about it. */
    public String describe() {
        if (!exists) {
            return "database " + db + " does not exist yet";
        }
        if (marker != null) {
            return marker.stale() ? "database " + db + " holds PARTIAL data of a restore that stopped (" + marker.describe()
                    + "): refused without --force" : "database " + db + " is being restored right now (" + marker.describe()
                    + "): refused";
        }
        String own = this.own.isEmpty() ? "" : " (prodguard's own " + String.join(", ", this.own) + " do not count)";
        return user.isEmpty() ? "database " + db + " is empty" + own
                : "database " + db + " holds " + user.size() + " collection(s): the restore will be refused without --force";
    }
}
