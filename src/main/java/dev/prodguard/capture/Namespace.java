package dev.prodguard.capture;

import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonString;

/** A database and, for collection-level events, a collection; {@code coll} is null for database-level events. */
public record Namespace(String db, String coll) {
    public Namespace {
        Objects.requireNonNull(db, "db");
    }

    /** A database-level namespace (dropDatabase, invalidate of a database stream). */
    public static Namespace ofDatabase(String db) {
        return new Namespace(db, null);
    }

    /** Parses an event's {@code ns} (or rename {@code to}) document: {@code {db: ..., coll: ...}}; null when absent. */
    public static Namespace fromDocument(BsonDocument ns) {
        if (ns == null || !ns.isString("db")) {
            return null;
        }
        return new Namespace(ns.getString("db").getValue(), ns.isString("coll") ? ns.getString("coll").getValue() : null);
    }

    /** The same collection name in another database. */
    public Namespace withDb(String otherDb) {
        return new Namespace(otherDb, coll);
    }

    /** {@code {db, coll}} as events carry it. */
    public BsonDocument toDocument() {
        BsonDocument d = new BsonDocument("db", new BsonString(db));
        if (coll != null) {
            d.append("coll", new BsonString(coll));
        }
        return d;
    }

    @Override
    public String toString() {
        return coll == null ? db : db + "." + coll;
    }
}
