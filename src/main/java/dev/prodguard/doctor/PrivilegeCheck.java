package dev.prodguard.doctor;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads {@code connectionStatus} with {@code showPrivileges: true} and answers whether the
 * authenticated user may read and write the test collection of a database. Pure: tested with
 * replies shaped after MongoDB's documentation.
 */
final class PrivilegeCheck {
    static final List<String> READ_ACTIONS = List.of("find");
    static final List<String> WRITE_ACTIONS = List.of("insert", "remove");

    /** What the user may do on the database; {@code actions} is every action that applies there. */
    record Access(boolean read, boolean write, Set<String> actions, String users) {}

    private PrivilegeCheck() {}

    /**
     * The access the reply grants on {@code db.collection}, or empty when the server did not report
     * privileges (no {@code authenticatedUserPrivileges}, or nobody is authenticated).
     */
    static Optional<Access> access(BsonDocument reply, String db, String collection) {
        BsonDocument authInfo = reply.isDocument("authInfo") ? reply.getDocument("authInfo") : null;
        if (authInfo == null || !authInfo.isArray("authenticatedUserPrivileges")) {
            return Optional.empty();
        }
        BsonArray users = authInfo.isArray("authenticatedUsers") ? authInfo.getArray("authenticatedUsers") : new BsonArray();
        if (users.isEmpty()) {
            return Optional.empty();
        }
        Set<String> actions = new HashSet<>();
        for (BsonValue p : authInfo.getArray("authenticatedUserPrivileges")) {
            if (!p.isDocument() || !p.asDocument().isDocument("resource") || !p.asDocument().isArray("actions")) {
                continue;
            }
            if (applies(p.asDocument().getDocument("resource"), db, collection)) {
                for (BsonValue a : p.asDocument().getArray("actions")) {
                    if (a.isString()) {
                        actions.add(a.asString().getValue());
                    }
                }
            }
        }
        StringBuilder names = new StringBuilder();
        for (BsonValue u : users) {
            if (u.isDocument() && u.asDocument().isString("user")) {
                names.append(names.length() == 0 ? "" : ", ").append(u.asDocument().getString("user").getValue());
                if (u.asDocument().isString("db")) {
                    names.append('@').append(u.asDocument().getString("db").getValue());
                }
            }
        }
        return Optional.of(new Access(actions.containsAll(READ_ACTIONS), actions.containsAll(WRITE_ACTIONS),
                actions, names.toString()));
    }

    /** Whether a privilege's resource document covers the collection (MongoDB's resource-document rules). */
    static boolean applies(BsonDocument resource, String db, String collection) {
        if (resource.getBoolean("anyResource", org.bson.BsonBoolean.FALSE).getValue()) {
            return true;
        }
        if (!resource.isString("db") || !resource.isString("collection")) {
            return false; // {cluster: true} and other forms do not grant collection actions
        }
        String rdb = resource.getString("db").getValue();
        String rcoll = resource.getString("collection").getValue();
        return (rdb.isEmpty() || rdb.equals(db)) && (rcoll.isEmpty() || rcoll.equals(collection));
    }
}
