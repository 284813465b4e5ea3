package dev.prodguard.capture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * What {@code status} shows about capture of one database, kept as the mutable repository record
 * {@code capture/<db>}: the path in use and why, the state (running, reconnecting, stopped), the
 * newest committed segment, the newest measured lag, and when the record was written.
 */
public record CaptureState(String database, String path, String reason, String state, Long lastSeq, Instant lastCommitAt,
        Long lagMillis, String note, Instant updatedAt) {
    /** The record name for a database. */
    public static String record(String database) {
        return "capture/" + database;
    }

    /** The capture status record of a database, or null when capture never ran for it (the one reader of the record). */
    public static CaptureState read(dev.prodguard.repo.Repository repo, String database) {
        byte[] rec = repo.getRecord(record(database));
        return rec == null ? null : fromJson(rec);
    }

    /** A copy with another state and note. */
    public CaptureState with(String newState, String newNote, Instant now) {
        return new CaptureState(database, path, reason, newState, lastSeq, lastCommitAt, lagMillis, newNote, now);
    }

    /** A copy after a commit. */
    public CaptureState committed(long seq, Instant at, Long lag, Instant now) {
        return new CaptureState(database, path, reason, state, seq, at, lag, note, now);
    }

    /** The record as JSON. */
    public byte[] toJson() {
        BsonDocument d = new BsonDocument("database", new BsonString(database))
                .append("path", str(path)).append("reason", str(reason)).append("state", str(state))
                .append("lastSeq", lastSeq == null ? BsonNull.VALUE : new BsonInt64(lastSeq))
                .append("lastCommitAt", date(lastCommitAt))
                .append("lagMillis", lagMillis == null ? BsonNull.VALUE : new BsonInt64(lagMillis))
                .append("note", str(note)).append("updatedAt", date(updatedAt));
        return d.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build()).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a record written by {@link #toJson()}. */
    public static CaptureState fromJson(byte[] json) {
        BsonDocument d = BsonDocument.parse(new String(json, StandardCharsets.UTF_8));
        return new CaptureState(d.getString("database").getValue(), s(d, "path"), s(d, "reason"), s(d, "state"),
                d.isNumber("lastSeq") ? d.getNumber("lastSeq").longValue() : null, t(d, "lastCommitAt"),
                d.isNumber("lagMillis") ? d.getNumber("lagMillis").longValue() : null, s(d, "note"), t(d, "updatedAt"));
    }

    private static BsonValue str(String s) {
        return s == null ? BsonNull.VALUE : new BsonString(s);
    }

    private static BsonValue date(Instant i) {
        return i == null ? BsonNull.VALUE : new BsonDateTime(i.toEpochMilli());
    }

    private static String s(BsonDocument d, String k) {
        return d.isString(k) ? d.getString(k).getValue() : null;
    }

    private static Instant t(BsonDocument d, String k) {
        return d.isDateTime(k) ? Instant.ofEpochMilli(d.getDateTime(k).getValue()) : null;
    }
}
