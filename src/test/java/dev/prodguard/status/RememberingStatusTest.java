package dev.prodguard.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.ForwardingStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's long-lived status service reads each committed segment manifest once (they never change once
 * committed), so its self-refreshing overview does not re-read a history that grows a few segments a second; its
 * report stays the one a fresh service computes, after new segments and after a prune.
 */
class RememberingStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    private static final int START = (int) Instant.parse("2026-11-25T00:00:00Z").getEpochSecond();

    @TempDir
    Path dir;

    private final AtomicInteger segmentReads = new AtomicInteger();

    @Test
    void eachSegmentManifestIsReadOnceAndTheReportIsAFreshOnesAfterNewSegmentsAndAPrune() throws Exception {
        Repository repo = Repository.openOrCreate(new ForwardingStorage(new FileStorage(dir.resolve("repo"))) {
            @Override
            public InputStream get(String key) throws IOException {
                if (key.contains("segment")) {
                    segmentReads.incrementAndGet();
                }
                return super.get(key);
            }
        }, null, new Repository.CreateOptions(1, 1 << 20, 1000));
        for (int seq = 1; seq <= 40; seq++) {
            segment(repo, seq);
        }
        StatusService remembering = StatusService.remembering(repo, null);

        assertThat(seen(remembering)).isEqualTo(seen(new StatusService(repo, null)));
        segmentReads.set(0);
        Object again = seen(remembering);
        assertThat(segmentReads.get()).as("segment manifests read by a second report and timeline").isZero();

        segment(repo, 41);
        segmentReads.set(0);
        Object grown = seen(remembering);
        assertThat(segmentReads.get()).as("segment manifests read after one more commit").isEqualTo(1);
        assertThat(grown).isNotEqualTo(again).isEqualTo(seen(new StatusService(repo, null)));

        repo.deleteManifest(SegmentManifest.KIND, SegmentManifest.id("shop", 1)); // what prune does to an old segment
        assertThat(seen(remembering)).isEqualTo(seen(new StatusService(repo, null)));
    }

    /** What the overview and the timeline show: the restorable windows and the timeline of "shop". */
    private static List<Object> seen(StatusService s) {
        return List.of(s.report().restorable(), s.timeline("shop", List.of(), NOW, 60));
    }

    private static void segment(Repository repo, long seq) {
        BsonTimestamp t = new BsonTimestamp(START + (int) seq, 1);
        Instant wall = Instant.ofEpochSecond(START + seq);
        SegmentManifest m = new SegmentManifest(seq, "shop", "collection streams", 1, t, t, wall, wall,
                CapturePosition.afterTime(t), null, wall.plusSeconds(1)); // one change each, committed a second later
        repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
    }
}
