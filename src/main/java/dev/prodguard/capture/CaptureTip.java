package dev.prodguard.capture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The capture tip of one database, the repository record {@code capture-tip/<db>}: while the database
 * is idle, capture advances this small record (replaced atomically) instead of committing a segment
 * with no events at every commit interval. It says: segment {@code afterSeq} is the newest segment, and
 * no change happened between its position and {@code position}. It is valid only while segment
 * {@code afterSeq} is still the newest one; a newer segment supersedes it.
 */
public record CaptureTip(String database, long afterSeq, CapturePosition position, Instant committedAt) {
    /** The record name for a database. */
    public static String record(String database) {
        return "capture-tip/" + database;
    }

    /** Whether this tip extends a history whose newest segment has sequence {@code newestSeq} (0: none). */
    public boolean extendsSegment(long newestSeq) {
        return afterSeq == newestSeq && position != null && position.clusterTime() != null;
    }

    /** The record as JSON (extended, so the resume token and timestamp keep their types). */
    public byte[] toJson() {
        BsonDocument d = new BsonDocument("format", new BsonInt32(1))
                .append("database", new BsonString(database))
                .append("afterSeq", new BsonInt64(afterSeq))
                .append("position", new BsonDocument("resumeToken", position.resumeToken() == null ? BsonNull.VALUE : position.resumeToken())
                        .append("clusterTime", position.clusterTime() == null ? BsonNull.VALUE : position.clusterTime())
                        .append("startInclusive", BsonBoolean.valueOf(position.startInclusive())))
                .append("committedAt", new BsonDateTime(committedAt.toEpochMilli()));
        return d.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).indent(true).build()).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a record written by {@link #toJson()}. */
    public static CaptureTip fromJson(byte[] json) {
        BsonDocument d = BsonDocument.parse(new String(json, StandardCharsets.UTF_8));
        BsonDocument p = d.getDocument("position");
        CapturePosition position = new CapturePosition(p.isDocument("resumeToken") ? p.getDocument("resumeToken") : null,
                p.isTimestamp("clusterTime") ? p.getTimestamp("clusterTime") : null, p.getBoolean("startInclusive").getValue());
        return new CaptureTip(d.getString("database").getValue(), d.getInt64("afterSeq").getValue(), position,
                Instant.ofEpochMilli(d.getDateTime("committedAt").getValue()));
    }
}
