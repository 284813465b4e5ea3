package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time of {@code prodguard status} over the same idle history (10,000 s) kept two ways: one
 * position-only segment per second (the old behaviour: 10,000 segments) against a segment every
 * 5 minutes plus the capture tip (34 segments). Run:
 * {@code mvn -o -B test -Dtest=StatusSegmentsBench -Dsurefire.excludedGroups=}.
 */
@Tag("bench")
class StatusSegmentsBench {
    @TempDir
    Path dir;

    @Test
    void statusOverAnIdleHistory() {
        int seconds = Integer.getInteger("status.seconds", 10_000);
        long perSecond = time(history(dir.resolve("old"), seconds, 1));
        long withTip = time(history(dir.resolve("new"), seconds, 300));
        System.out.printf("STATUS idle history of %d s: %d segments -> %d ms; %d segments + tip -> %d ms%n",
                seconds, seconds, perSecond, (seconds + 299) / 300, withTip);
        assertThat(withTip).isPositive();
    }

    /** Writes the idle history as a segment every {@code every} seconds, the tip covering the rest. */
    private static Path history(Path repoDir, int seconds, int every) {
        Repository repo = Repository.openOrCreate(new FileStorage(repoDir), null, new Repository.CreateOptions(1, 1 << 20, 1000));
        int start = (int) Instant.parse("2026-11-25T00:00:00Z").getEpochSecond();
        long seq = 0;
        for (int s = 0; s < seconds; s += every) {
            BsonTimestamp t = new BsonTimestamp(start + s, 1);
            SegmentManifest m = new SegmentManifest(++seq, "shop", "collection streams", 0, null, null, null, null,
                    CapturePosition.afterTime(t), null, Instant.ofEpochSecond(start + s));
            repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
        }
        repo.putRecord(CaptureTip.record("shop"), new CaptureTip("shop", seq, CapturePosition.afterTime(new BsonTimestamp(start + seconds, 1)),
                Instant.ofEpochSecond(start + seconds)).toJson());
        return repoDir;
    }

    /** Best of three runs of {@code status}, in ms. */
    private static long time(Path repoDir) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            CliRun r = CliRun.run(Map.of("PRODGUARD_REPO", repoDir.toString()), repoDir.getParent(), "status");
            assertThat(r.exitCode).as(r.toString()).isZero();
            best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
        }
        return best;
    }
}
