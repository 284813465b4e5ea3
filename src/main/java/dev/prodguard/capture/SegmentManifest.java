package dev.prodguard.capture;

import dev.prodguard.repo.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The commit point of one change segment: how many events it holds and their first and last cluster
 * and wall times, the stream position after its last event (capture resumes from the newest one),
 * the data object (null for a segment that only advances the position), when it was committed, and
 * how index changes reached it ({@code indexes}: {@link #INDEXES_EVENTS} from the stream,
 * {@link #INDEXES_LISTED} by capture listing them, null in segments written before this was recorded),
 * and whether it starts a new history ({@code fresh}: capture started from "now", not from the previous
 * segment's position: the first segment of a database, or the first after a gap), which proves where
 * history restarted even when the gap manifest that should say so is missing.
 */
public record SegmentManifest(long seq, String database, String path, long events,
        BsonTimestamp firstClusterTime, BsonTimestamp lastClusterTime, Instant firstWallTime, Instant lastWallTime,
        CapturePosition position, ObjectRef object, Instant committedAt, String indexes, boolean fresh) {
    /** Index changes arrived as change events (exact). */
    public static final String INDEXES_EVENTS = "events";
    /** Index changes were observed by listing the indexes ({@link SchemaWatch}: to within one listing interval). */
    public static final String INDEXES_LISTED = "listed";

    /** A manifest that does not say how index changes were recorded. */
    public SegmentManifest(long seq, String database, String path, long events, BsonTimestamp firstClusterTime,
            BsonTimestamp lastClusterTime, Instant firstWallTime, Instant lastWallTime, CapturePosition position, ObjectRef object,
            Instant committedAt) {
        this(seq, database, path, events, firstClusterTime, lastClusterTime, firstWallTime, lastWallTime, position, object,
                committedAt, null, false);
    }

    /** The repository manifest kind. */
    public static final String KIND = "segment";

    /** The manifest id: database and zero-padded sequence, so ids sort in commit order per database. */
    public static String id(String database, long seq) {
        return database + "-" + dev.prodguard.text.Digits.padded(seq, 12); // ASCII digits in every locale
    }

    public String id() {
        return id(database, seq);
    }

    /** The manifest as JSON (MongoDB extended JSON, so timestamps and tokens keep their types). */
    public byte[] toJson() {
        BsonDocument d = new BsonDocument("format", new BsonInt32(EventCodec.FORMAT))
                .append("seq", new BsonInt64(seq))
                .append("database", new BsonString(database))
                .append("path", new BsonString(path))
                .append("events", new BsonInt64(events))
                .append("firstClusterTime", firstClusterTime == null ? BsonNull.VALUE : firstClusterTime)
                .append("lastClusterTime", lastClusterTime == null ? BsonNull.VALUE : lastClusterTime)
                .append("firstWallTime", date(firstWallTime))
                .append("lastWallTime", date(lastWallTime))
                .append("position", new BsonDocument("resumeToken", position.resumeToken() == null ? BsonNull.VALUE : position.resumeToken())
                        .append("clusterTime", position.clusterTime() == null ? BsonNull.VALUE : position.clusterTime())
                        .append("startInclusive", BsonBoolean.valueOf(position.startInclusive())))
                .append("object", object == null ? BsonNull.VALUE : new BsonDocument("key", new BsonString(object.key()))
                        .append("sha256", new BsonString(object.sha256()))
                        .append("storedBytes", new BsonInt64(object.storedBytes()))
                        .append("rawBytes", new BsonInt64(object.rawBytes())))
                .append("committedAt", date(committedAt));
        if (indexes != null) {
            d.append("indexes", new BsonString(indexes));
        }
        if (fresh) {
            d.append("fresh", BsonBoolean.TRUE);
        }
        return d.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).indent(true).build()).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a manifest written by {@link #toJson()}. */
    public static SegmentManifest fromJson(byte[] json) {
        SegmentManifest m = SegmentJson.parse(json); // the form toJson writes, read straight from the bytes
        return m != null ? m : fromExtendedJson(json);
    }

    /** {@link #fromJson} by way of a {@link BsonDocument}: any extended JSON, the fields this reads, other ones ignored. */
    static SegmentManifest fromExtendedJson(byte[] json) {
        BsonDocument d = BsonDocument.parse(new String(json, StandardCharsets.UTF_8));
        BsonDocument p = d.getDocument("position");
        CapturePosition position = new CapturePosition(p.isDocument("resumeToken") ? p.getDocument("resumeToken") : null,
                p.isTimestamp("clusterTime") ? p.getTimestamp("clusterTime") : null, p.getBoolean("startInclusive").getValue());
        ObjectRef object = null;
        if (d.isDocument("object")) {
            BsonDocument o = d.getDocument("object");
            object = new ObjectRef(o.getString("key").getValue(), o.getString("sha256").getValue(),
                    o.getInt64("storedBytes").getValue(), o.getInt64("rawBytes").getValue());
        }
        return new SegmentManifest(d.getInt64("seq").getValue(), d.getString("database").getValue(), d.getString("path").getValue(),
                d.getInt64("events").getValue(), d.isTimestamp("firstClusterTime") ? d.getTimestamp("firstClusterTime") : null,
                d.isTimestamp("lastClusterTime") ? d.getTimestamp("lastClusterTime") : null, instant(d, "firstWallTime"),
                instant(d, "lastWallTime"), position, object, instant(d, "committedAt"),
                d.isString("indexes") ? d.getString("indexes").getValue() : null,
                d.isBoolean("fresh") && d.getBoolean("fresh").getValue());
    }

    private static org.bson.BsonValue date(Instant i) {
        return i == null ? BsonNull.VALUE : new BsonDateTime(i.toEpochMilli());
    }

    private static Instant instant(BsonDocument d, String key) {
        return d.isDateTime(key) ? Instant.ofEpochMilli(d.getDateTime(key).getValue()) : null;
    }
}
