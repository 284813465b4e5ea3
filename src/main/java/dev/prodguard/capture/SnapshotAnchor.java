package dev.prodguard.capture;

import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Ties a snapshot to change capture: capture had committed segment {@code segmentSeq} (position
 * {@code clusterTime}) before the snapshot started reading, so replaying the segments after it on top
 * of the snapshot converges to any later instant. Written by capture when it takes the snapshot
 * itself; snapshots taken by {@code backup} while capture runs are anchored by time instead.
 */
public record SnapshotAnchor(String snapshotId, String database, long segmentSeq, BsonTimestamp clusterTime) {
    /** The repository manifest kind; the id is the snapshot id. */
    public static final String KIND = "anchor";

    /** The manifest as extended JSON. */
    public byte[] toJson() {
        BsonDocument d = new BsonDocument("format", new BsonInt32(1))
                .append("snapshotId", new BsonString(snapshotId))
                .append("database", new BsonString(database))
                .append("segmentSeq", new BsonInt64(segmentSeq))
                .append("clusterTime", clusterTime == null ? BsonNull.VALUE : clusterTime);
        return d.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).indent(true).build()).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a manifest written by {@link #toJson()}. */
    public static SnapshotAnchor fromJson(byte[] json) {
        BsonDocument d = BsonDocument.parse(new String(json, StandardCharsets.UTF_8));
        return new SnapshotAnchor(d.getString("snapshotId").getValue(), d.getString("database").getValue(),
                d.getInt64("segmentSeq").getValue(), d.isTimestamp("clusterTime") ? d.getTimestamp("clusterTime") : null);
    }
}
