package dev.prodguard.capture;

import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Instant;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * Manifests for pure-timeline tests of database "shop", at whole seconds after {@link #T0}: snapshot s1 read from
 * second 5 to 6 and anchored after segment 1 (position at second 2), segments and capture tips.
 */
final class TimelineFixture {
    static final int T0 = (int) Instant.parse("2026-11-25T10:00:00Z").getEpochSecond();
    static final SnapshotManifest SNAP = new SnapshotManifest(1, "s1", "shop", "2026-11-25T10:00:05Z",
            "2026-11-25T10:00:06Z", 1000, "prodguard", List.of());
    static final SnapshotAnchor ANCHOR = new SnapshotAnchor("s1", "shop", 1, ts(2));

    private TimelineFixture() {}

    static BsonTimestamp ts(int s) {
        return new BsonTimestamp(T0 + s, 1);
    }

    static Instant at(int s) {
        return Instant.ofEpochSecond(T0 + s);
    }

    /** Segment {@code seq} with {@code events} events, its position at second {@code at}, committed then. */
    static SegmentManifest seg(long seq, int at, long events) {
        return new SegmentManifest(seq, "shop", "database stream", events, null, null, null, null, CapturePosition.afterTime(ts(at)),
                null, at(at));
    }

    /** A capture tip following segment {@code afterSeq}, at second {@code at}. */
    static CaptureTip tip(long afterSeq, int at) {
        return new CaptureTip("shop", afterSeq, CapturePosition.afterTime(ts(at)), at(at));
    }
}
