package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Instant;
import java.util.List;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/** Which snapshots can be replayed to a consistent point, from manifests alone, and what restore warns. */
class SnapshotConsistencyTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aSnapshotAnchoredAndCoveredPastItsFinishIsReplayableToItsFinish() {
        SnapshotManifest s = snapshot("s1", 100, 104);
        CaptureTimeline t = timeline(List.of(s), List.of(new SnapshotAnchor("s1", "shop", 2, null)), segments(1, 110));
        SnapshotConsistency c = SnapshotConsistency.of(t, s);
        assertThat(c.kind()).isEqualTo(SnapshotConsistency.Kind.CAPTURED);
        assertThat(c.consistentAt()).isEqualTo(T0.plusSeconds(104));
        // the segments after the anchor up to the first one positioned after the finish
        assertThat(c.segments()).extracting(SegmentManifest::seq).first().isEqualTo(3L);
        assertThat((long) c.segments().get(c.segments().size() - 1).position().clusterTime().getTime())
                .isGreaterThan(T0.plusSeconds(104).getEpochSecond());
        assertThat(c.restoreWarning(0)).as("nothing was written while it was read").isNull();
        assertThat(c.restoreWarning(7)).contains("7 change(s) were written").contains("not point-consistent across collections")
                .contains("'restore --to " + T0.plusSeconds(104) + "'");
    }

    @Test
    void aSnapshotWhoseFinishCaptureHasNotCommittedYetIsNotReplayableYet() {
        SnapshotManifest s = snapshot("s1", 100, 104);
        CaptureTimeline t = timeline(List.of(s), List.of(new SnapshotAnchor("s1", "shop", 2, null)), segments(1, 103));
        SnapshotConsistency c = SnapshotConsistency.of(t, s);
        assertThat(c.kind()).isEqualTo(SnapshotConsistency.Kind.NOT_YET_COVERED);
        assertThat(c.replayable()).isFalse();
        assertThat(c.reason()).contains("before the snapshot finished");
    }

    @Test
    void aSnapshotWithoutCaptureIsAFuzzyReadAndRestoreSaysSo() {
        SnapshotManifest s = snapshot("s1", 100, 104);
        SnapshotConsistency none = SnapshotConsistency.of(timeline(List.of(s), List.of(), List.of()), s);
        assertThat(none.kind()).isEqualTo(SnapshotConsistency.Kind.UNCOVERED);
        assertThat(none.reason()).contains("no changes of shop were captured");
        assertThat(none.restoreWarning(-1)).contains("over 4.0 s").contains("if the database was written to meanwhile")
                .doesNotContain("restore --to");
        // capture started only after the snapshot: not anchored by time
        SnapshotConsistency late = SnapshotConsistency.of(timeline(List.of(s), List.of(), segments(101, 120)), s);
        assertThat(late.kind()).isEqualTo(SnapshotConsistency.Kind.UNCOVERED);
        assertThat(late.reason()).contains("capture was not running");
    }

    private static CaptureTimeline timeline(List<SnapshotManifest> snaps, List<SnapshotAnchor> anchors, List<SegmentManifest> segs) {
        return new CaptureTimeline("shop", snaps, anchors, segs, List.of());
    }

    private static SnapshotManifest snapshot(String id, int startSecond, int finishSecond) {
        return new SnapshotManifest(SnapshotManifest.FORMAT, id, "shop", T0.plusSeconds(startSecond).toString(),
                T0.plusSeconds(finishSecond).toString(), (finishSecond - startSecond) * 1000L, "prodguard", List.of());
    }

    /** One segment per second from {@code fromSecond} to {@code toSecond} after T0, numbered from 1. */
    private static List<SegmentManifest> segments(int fromSecond, int toSecond) {
        List<SegmentManifest> out = new java.util.ArrayList<>();
        long seq = 1;
        for (int sec = fromSecond; sec <= toSecond; sec++) {
            BsonTimestamp ts = new BsonTimestamp((int) T0.plusSeconds(sec).getEpochSecond(), 1);
            out.add(new SegmentManifest(seq++, "shop", "test", 0, null, null, null, null, CapturePosition.afterTime(ts), null,
                    T0.plusSeconds(sec)));
        }
        return out;
    }
}
