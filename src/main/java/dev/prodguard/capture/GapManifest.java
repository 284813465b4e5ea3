package dev.prodguard.capture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * A recorded gap in captured history: changes after the position of segment {@code afterSeq}
 * ({@code from}, its cluster time) up to {@code to} (when capture restarted from "now") are lost.
 * It ends a restorable window; a new snapshot starts the next one. {@code vanished} names the
 * collections that held data in the newest snapshot before the gap and were gone or empty after it
 * (data lost without any recorded change: a wipe); empty when nothing vanished.
 */
public record GapManifest(String database, long afterSeq, BsonTimestamp from, Instant fromTime, Instant to, String reason,
        java.util.List<String> vanished) {
    public GapManifest {
        vanished = vanished == null ? java.util.List.of() : java.util.List.copyOf(vanished);
    }

    /** A gap after which nothing is known to have vanished. */
    public GapManifest(String database, long afterSeq, BsonTimestamp from, Instant fromTime, Instant to, String reason) {
        this(database, afterSeq, from, fromTime, to, reason, java.util.List.of());
    }

    /** The repository manifest kind. */
    public static final String KIND = "gap";

    /** The manifest id: database and zero-padded segment sequence, so gaps sort with the segments they follow. */
    public String id() {
        return SegmentManifest.id(database, afterSeq) + "-" + to.toEpochMilli();
    }

    /** The manifest as extended JSON. */
    public byte[] toJson() {
        BsonDocument d = new BsonDocument("format", new BsonInt32(1))
                .append("database", new BsonString(database))
                .append("afterSeq", new BsonInt64(afterSeq))
                .append("from", from == null ? BsonNull.VALUE : from)
                .append("fromTime", fromTime == null ? BsonNull.VALUE : new BsonDateTime(fromTime.toEpochMilli()))
                .append("to", new BsonDateTime(to.toEpochMilli()))
                .append("reason", new BsonString(reason));
        if (!vanished.isEmpty()) {
            org.bson.BsonArray v = new org.bson.BsonArray();
            vanished.forEach(c -> v.add(new BsonString(c)));
            d.append("vanished", v);
        }
        return d.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).indent(true).build()).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a manifest written by {@link #toJson()}. */
    public static GapManifest fromJson(byte[] json) {
        BsonDocument d = BsonDocument.parse(new String(json, StandardCharsets.UTF_8));
        return new GapManifest(d.getString("database").getValue(), d.getInt64("afterSeq").getValue(),
                d.isTimestamp("from") ? d.getTimestamp("from") : null,
                d.isDateTime("fromTime") ? Instant.ofEpochMilli(d.getDateTime("fromTime").getValue()) : null,
                Instant.ofEpochMilli(d.getDateTime("to").getValue()), d.getString("reason").getValue(),
                d.isArray("vanished") ? d.getArray("vanished").stream().map(v -> v.asString().getValue()).toList()
                        : java.util.List.of());
    }
}
