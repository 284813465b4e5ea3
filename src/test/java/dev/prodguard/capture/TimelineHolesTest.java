package dev.prodguard.capture;

import static dev.prodguard.capture.TimelineFixture.ANCHOR;
import static dev.prodguard.capture.TimelineFixture.SNAP;
import static dev.prodguard.capture.TimelineFixture.at;
import static dev.prodguard.capture.TimelineFixture.seg;
import static dev.prodguard.capture.TimelineFixture.tip;
import static dev.prodguard.capture.TimelineFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Segments missing where the history itself proves they were committed are holes, wherever they are: between two
 * present segments (also across a recorded gap, where the new history's first segments are missing), and at the
 * end of the history when the capture tip names a segment that is not there. A missing head is not: the timeline
 * cannot tell it from history that retention pruned (verify can, and says so).
 */
class TimelineHolesTest {
    @Test
    void theFirstSegmentsAfterARecordedGapMissingAreAHole() {
        GapManifest recorded = new GapManifest("shop", 2, ts(300), at(300), at(900), "capture was stopped");
        List<SegmentManifest> segs = List.of(seg(1, 2, 1), seg(2, 10, 1), seg(5, 930, 1), seg(6, 940, 1)); // 3 and 4 are missing
        CaptureTimeline t = new CaptureTimeline("shop", List.of(SNAP), List.of(ANCHOR), segs, List.of(recorded));

        assertThat(t.holes()).singleElement().satisfies(h -> {
            assertThat(h.afterSeq()).isEqualTo(2);
            assertThat(h.fromTime()).as("the new history began when the recorded gap ended").isEqualTo(at(900));
            assertThat(h.to()).isEqualTo(at(930));
            assertThat(h.reason()).contains("change segments shop-000000000003 to shop-000000000004 are missing");
        });
        assertThat(t.windows()).extracting(RestoreWindow::kind).containsExactly("capture", "gap", "gap");
        assertThat(t.runs()).hasSize(2);
        assertThat(t.runs().get(1).segments()).extracting(SegmentManifest::seq).containsExactly(5L, 6L);
    }

    @Test
    void aSegmentTheTipNamesThatIsMissingIsAHoleAtTheEnd() {
        List<SegmentManifest> segs = List.of(seg(1, 2, 1), seg(2, 10, 1)); // the tip follows segment 3, which is missing
        CaptureTimeline t = new CaptureTimeline("shop", List.of(SNAP), List.of(ANCHOR), segs, List.of(), tip(3, 600));

        assertThat(t.holes()).singleElement().satisfies(h -> {
            assertThat(h.afterSeq()).isEqualTo(2);
            assertThat(h.fromTime()).isEqualTo(at(10));
            assertThat(h.to()).isEqualTo(at(600));
            assertThat(h.reason()).contains("change segment shop-000000000003 is missing").contains("committed it,");
        });
        assertThat(t.windows()).extracting(RestoreWindow::kind, RestoreWindow::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("capture", "2026-11-25T10:00:09.999Z"),
                        org.assertj.core.groups.Tuple.tuple("gap", "2026-11-25T10:10:00.000Z"));
    }

    @Test
    void aMissingHeadIsNoHoleHere() {
        List<SegmentManifest> segs = List.of(seg(3, 20, 1), seg(4, 30, 1)); // 1 and 2: pruned by retention, or lost
        CaptureTimeline t = new CaptureTimeline("shop", List.of(), List.of(), segs, List.of());
        assertThat(t.holes()).isEmpty();
    }
}
