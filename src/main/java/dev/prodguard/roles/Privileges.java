package dev.prodguard.roles;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The least-privilege action lists of the application role: what the app may do to its database,
 * and every destructive or administrative action it is deliberately not given.
 */
public final class Privileges {
    /**
     * Granted on the application database. {@code createIndex} and {@code createCollection} are
     * additive (they cannot lose a document) and ODMs such as Mongoose create indexes and
     * collections at start-up; {@code listCollections}/{@code listIndexes} let drivers and ODMs
     * inspect what exists.
     */
    public static final List<String> APP_ACTIONS = List.of(
            "find", "insert", "update", "remove", "createIndex", "createCollection", "listCollections", "listIndexes");

    /** Withheld from the application role, each with the reason. */
    public static final Map<String, String> WITHHELD;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dropCollection", "drops a collection and every document in it");
        m.put("dropDatabase", "drops the whole database");
        m.put("dropIndex", "removing an index can stall production queries");
        m.put("renameCollectionSameDB", "renaming can overwrite a collection (dropTarget)");
        m.put("collMod", "changes validators and TTL: a TTL change deletes documents");
        m.put("convertToCapped", "rewrites a collection and can drop old documents");
        m.put("compact", "administrative, blocks operations");
        m.put("bypassDocumentValidation", "skips the schema rules");
        m.put("createUser", "user management is for the break-glass admin only");
        m.put("dropUser", "user management is for the break-glass admin only");
        m.put("grantRole", "would let the app escalate its own privileges");
        m.put("changePassword", "user management is for the break-glass admin only");
        m.put("dropRole", "user management is for the break-glass admin only");
        WITHHELD = Collections.unmodifiableMap(m);
    }

    /** The Atlas CLI spelling of an action: {@code createIndex} becomes {@code CREATE_INDEX}. */
    public static String atlasName(String action) {
        return action.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private Privileges() {}
}
