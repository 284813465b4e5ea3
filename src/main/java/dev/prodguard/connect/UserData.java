package dev.prodguard.connect;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What is the user's in a database: its collections other than prodguard's own ({@code prodguard_*}) and
 * {@code system.*}; and which other databases on the server hold such collections (never {@code admin},
 * {@code local}, {@code config}). A database with none is "empty" whatever prodguard wrote into it, which is
 * how a mistyped {@code DB_NAME} shows.
 */
public final class UserData {
    /** The server's own databases, never user data. */
    public static final Set<String> SERVER_DATABASES = Set.of("admin", "local", "config");
    /** At most this many other databases are looked into. */
    static final int MAX_DATABASES = 100;

    private UserData() {}

    /** A database that holds user collections, and how many. */
    public record Database(String name, int collections) {}

    /**
     * What {@code db} holds: its user collections' count, and (when it has none) the other databases with data,
     * or why they could not be listed ({@code listError}).
     */
    public record Contents(String db, int userCollections, List<Database> databasesWithData, String listError) {
        /** True when {@code db} holds no collection of the user's. */
        public boolean empty() {
            return userCollections == 0;
        }

        /** "a (3 collections), b (1 collection)", "none" or why they are unknown. */
        public String othersText() {
            if (listError != null) {
                return "unknown (" + listError + ")";
            }
            if (databasesWithData.isEmpty()) {
                return "none";
            }
            return String.join(", ", databasesWithData.stream().map(d -> d.name() + " (" + d.collections() + " collection"
                    + (d.collections() == 1 ? "" : "s") + ")").toList());
        }
    }

    /** True for a collection of the user's: not prodguard's own, not the server's. */
    public static boolean isUserCollection(String name) {
        return !name.startsWith("prodguard_") && !name.startsWith("system.");
    }

    /** The user collections of {@code db}. @throws MongoException when the server cannot be read */
    public static List<String> collections(MongoClient client, String db) {
        List<String> out = new ArrayList<>();
        for (String name : client.getDatabase(db).listCollectionNames()) {
            if (isUserCollection(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * What {@code db} holds; the other databases are listed only when it is empty.
     *
     * @throws MongoException when {@code db} itself cannot be read
     */
    public static Contents of(MongoClient client, String db) {
        int own = collections(client, db).size();
        if (own > 0) {
            return new Contents(db, own, List.of(), null);
        }
        try {
            List<Database> others = new ArrayList<>();
            int looked = 0;
            for (String name : client.listDatabaseNames()) {
                if (SERVER_DATABASES.contains(name) || name.equals(db)) {
                    continue;
                }
                if (++looked > MAX_DATABASES) {
                    break;
                }
                int n = collections(client, name).size();
                if (n > 0) {
                    others.add(new Database(name, n));
                }
            }
            return new Contents(db, 0, List.copyOf(others), null);
        } catch (MongoException e) {
            return new Contents(db, 0, List.of(), "cannot list the databases: " + ConnectionProblem.describe(e));
        }
    }
}
