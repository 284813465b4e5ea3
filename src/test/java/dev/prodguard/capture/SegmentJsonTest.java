package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.repo.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

/**
 * The fast reading of a segment manifest ({@link SegmentJson}) gives exactly what reading it by way of a BSON
 * document gives, for every manifest {@link SegmentManifest#toJson()} writes, and steps aside (null, then the general
 * way) for every other form: older or hand-edited manifests read as they always did.
 */
class SegmentJsonTest {
    @Test
    void everyManifestToJsonWritesReadsAsTheGeneralWayReadsIt() {
        Random r = new Random(20261207);
        for (int i = 0; i < 2_000; i++) {
            SegmentManifest m = random(r, i);
            byte[] json = m.toJson();
            SegmentManifest fast = SegmentJson.parse(json);
            assertThat(fast).as(new String(json, StandardCharsets.UTF_8)).isNotNull().isEqualTo(SegmentManifest.fromExtendedJson(json))
                    .isEqualTo(m);
            assertThat(SegmentManifest.fromJson(json)).isEqualTo(m);
        }
    }

    @Test
    void otherFormsGoTheGeneralWayAndReadTheSame() {
        String base = compact(sample());
        List<String> others = List.of(
                base.replace("\"path\": ", "\"later\": 1, \"path\": "), // a field a later version adds
                base.replace("{\"$date\": {\"$numberLong\": \"1796000002500\"}}", "{\"$date\": \"2026-12-07T10:40:02.5Z\"}"),
                base.replace("\"seq\": {\"$numberLong\": \"7\"}", "\"seq\": {\"$numberLong\": \"7\"}, \"seq\": {\"$numberLong\": \"8\"}"),
                base.replace("\"t\": 1796000002", "\"t\": 3000000000"), // after 2038: beyond a signed int
                base.replace("\"indexes\": \"events\"", "\"indexes\": 5"),
                base + " {}");
        for (String other : others) {
            assertThat(other).isNotEqualTo(base);
            byte[] json = other.getBytes(StandardCharsets.UTF_8);
            assertThat(SegmentJson.parse(json)).as(other).isNull();
            assertThat(outcome(() -> SegmentManifest.fromJson(json))).as(other)
                    .isEqualTo(outcome(() -> SegmentManifest.fromExtendedJson(json)));
        }
        assertThat(SegmentJson.parse((base + "\n ").getBytes(StandardCharsets.UTF_8))).as("white space after the end")
                .isEqualTo(sample());
        // a resume token of another shape (servers before 4.2 had binary parts) keeps every part
        BsonDocument binaryToken = new BsonDocument("_data", new BsonBinary(new byte[] {1, 2, 3})).append("_typeBits",
                new BsonBinary(new byte[] {0}));
        SegmentManifest withBinary = new SegmentManifest(7, "shop", "database stream", 1, null, null, null, null,
                new CapturePosition(binaryToken, new BsonTimestamp(1_796_000_002, 1), false), null, Instant.ofEpochMilli(1_796_000_002_500L));
        assertThat(SegmentJson.parse(withBinary.toJson())).isNull();
        assertThat(SegmentManifest.fromJson(withBinary.toJson())).isEqualTo(withBinary);
    }

    @Test
    void whatTheGeneralWayRefusesIsStillRefused() {
        String base = compact(sample());
        for (String broken : List.of(base.replace("\"seq\": {\"$numberLong\": \"7\"}, ", ""),
                base.replace("\"seq\": {\"$numberLong\": \"7\"}", "\"seq\": {\"$numberInt\": \"7\"}"),
                base.substring(0, base.length() / 2), "[]", "")) {
            assertThat(broken).isNotEqualTo(base);
            byte[] json = broken.getBytes(StandardCharsets.UTF_8);
            assertThat(SegmentJson.parse(json)).as(broken).isNull();
            assertThatThrownBy(() -> SegmentManifest.fromJson(json)).as(broken).isInstanceOf(RuntimeException.class);
        }
    }

    /** The manifest as toJson writes it, on one line (the same extended JSON without the indentation). */
    private static String compact(SegmentManifest m) {
        return BsonDocument.parse(new String(m.toJson(), StandardCharsets.UTF_8))
                .toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build());
    }

    /** The manifest read, or the class of what was thrown. */
    private static Object outcome(java.util.function.Supplier<SegmentManifest> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static SegmentManifest sample() {
        return new SegmentManifest(7, "shop", "database stream", 3, new BsonTimestamp(1_796_000_001, 4),
                new BsonTimestamp(1_796_000_002, 1), Instant.ofEpochMilli(1_796_000_001_250L), Instant.ofEpochMilli(1_796_000_002_000L),
                new CapturePosition(new BsonDocument("_data", new BsonString("8263A1B2C3")), new BsonTimestamp(1_796_000_002, 1), false),
                new ObjectRef("data/segments/shop/0123456789abcdef01234567.zst", "ab".repeat(32), 300, 900),
                Instant.ofEpochMilli(1_796_000_002_500L), SegmentManifest.INDEXES_EVENTS, false);
    }

    private static SegmentManifest random(Random r, int i) {
        boolean events = r.nextInt(3) > 0;
        BsonTimestamp first = events ? new BsonTimestamp(1_796_000_000 + r.nextInt(1_000_000), r.nextInt(50)) : null;
        BsonTimestamp last = events ? new BsonTimestamp(first.getTime() + r.nextInt(5), r.nextInt(50)) : null;
        BsonDocument token = r.nextInt(4) == 0 ? null : new BsonDocument("_data", new BsonString(Long.toHexString(r.nextLong())
                + (r.nextBoolean() ? "\"quoted\\ \u00e9" : "")));
        BsonTimestamp at = r.nextInt(10) == 0 ? null : new BsonTimestamp(1_796_000_000 + r.nextInt(1_000_000), r.nextInt(9));
        ObjectRef object = events ? new ObjectRef("data/segments/db" + i + "/" + String.format("%024x", r.nextInt(1 << 30)) + ".zst",
                String.format("%064x", r.nextLong() & Long.MAX_VALUE), 1 + r.nextInt(1 << 20), 1 + (long) r.nextInt(1 << 30) * 4)
                : null;
        Instant wall = events && r.nextBoolean() ? Instant.ofEpochMilli(1_796_000_000_000L + r.nextInt(1 << 30)) : null;
        String indexes = switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> SegmentManifest.INDEXES_EVENTS;
            default -> SegmentManifest.INDEXES_LISTED;
        };
        return new SegmentManifest(1 + r.nextInt(Integer.MAX_VALUE) + (r.nextBoolean() ? 0L : 1L << 33), "db-" + i % 7 + (i % 5 == 0 ? "é" : ""),
                r.nextBoolean() ? "database stream" : "collection streams", events ? 1 + r.nextInt(5000) : 0, first, last, wall,
                wall == null ? null : wall.plusMillis(r.nextInt(999)), new CapturePosition(token, at, r.nextBoolean()), object,
                r.nextInt(20) == 0 ? null : Instant.ofEpochMilli(1_796_000_000_000L + r.nextInt(1 << 30)), indexes, r.nextInt(10) == 0);
    }
}
