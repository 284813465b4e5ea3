package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.prodguard.capture.TimelineFixture.ANCHOR;
import static dev.prodguard.capture.TimelineFixture.SNAP;
import static dev.prodguard.capture.TimelineFixture.T0;
import static dev.prodguard.capture.TimelineFixture.seg;
import static dev.prodguard.capture.TimelineFixture.tip;
import static dev.prodguard.capture.TimelineFixture.ts;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capture tip in the pure timeline: it extends the current run, a stale tip is ignored, a gap run ends at the gap's start. */
class CaptureTipTimelineTest {
    @Test
    void theTipExtendsTheWindowOfAnIdleDatabase() {
        List<SegmentManifest> segs = List.of(seg(1, 2, 0), seg(2, 10, 3));
        CaptureTimeline without = new CaptureTimeline("shop", List.of(SNAP), List.of(ANCHOR), segs, List.of());
        CaptureTimeline with = new CaptureTimeline("shop", List.of(SNAP), List.of(ANCHOR), segs, List.of(), tip(2, 600));
        assertThat(without.windows()).extracting(RestoreWindow::to).containsExactly("2026-11-25T10:00:09.999Z");
        assertThat(with.windows()).extracting(RestoreWindow::to).containsExactly("2026-11-25T10:09:59.999Z");
        Instant t = Instant.parse("2026-11-25T10:05:00Z");
        assertThatThrownBy(() -> without.choose(t)).isInstanceOf(ProdguardException.class);
        CaptureTimeline.Anchored a = with.choose(t);
        assertThat(with.segmentsFor(a, t)).extracting(SegmentManifest::seq).containsExactly(2L);
    }

    @Test
    void aTipBehindANewerSegmentIsIgnored() {
        List<SegmentManifest> segs = List.of(seg(1, 2, 0), seg(2, 10, 3), seg(3, 20, 1));
        CaptureTimeline stale = new CaptureTimeline("shop", List.of(SNAP), List.of(ANCHOR), segs, List.of(), tip(2, 600));
        assertThat(stale.windows()).extracting(RestoreWindow::to).containsExactly("2026-11-25T10:00:19.999Z");
    }

    @Test
    void aRunEndedByAGapEndsWhereTheGapStarts() {
        GapManifest gap = new GapManifest("shop", 2, ts(300), Instant.ofEpochSecond(T0 + 300), Instant.ofEpochSecond(T0 + 900), "lost");
        List<SegmentManifest> segs = List.of(seg(1, 2, 0), seg(2, 10, 3), seg(3, 905, 0));
        CaptureTimeline timeline = new CaptureTimeline("shop", List.of(SNAP), List.of(ANCHOR), segs, List.of(gap), tip(2, 300));
        assertThat(timeline.runs()).hasSize(2);
        assertThat(timeline.runs().get(0).coveredUntil()).isEqualTo(Instant.parse("2026-11-25T10:04:59.999Z"));
        assertThat(timeline.runs().get(1).tip()).as("the tip is stale: segment 3 is newer").isNull();
    }

    @Test
    void aSnapshotTakenWhileOnlyTheTipMovedIsAnchoredByTime() {
        SnapshotManifest later = new SnapshotManifest(1, "s2", "shop", "2026-11-25T10:03:00Z", "2026-11-25T10:03:01Z", 1000,
                "prodguard", List.of());
        List<SegmentManifest> segs = List.of(seg(1, 2, 0), seg(2, 10, 3));
        CaptureTimeline timeline = new CaptureTimeline("shop", List.of(later), List.of(), segs, List.of(), tip(2, 600));
        assertThat(timeline.anchor(later)).isNotNull();
        assertThat(timeline.anchor(later).segmentSeq()).isEqualTo(2);
        CaptureTimeline noTip = new CaptureTimeline("shop", List.of(later), List.of(), segs, List.of());
        assertThat(noTip.anchor(later)).as("without the tip nothing shows capture ran at the snapshot's start").isNull();
    }
}
