package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.CaptureTip;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SnapshotConsistency#of(Repository, SnapshotManifest)} reads only the history from a snapshot's anchor to its
 * finish when that settles the answer; it must say exactly what the whole timeline says. Random histories of one
 * database (missing, damaged and fresh segments, recorded gaps, a capture tip, snapshots with and without anchor
 * manifests, anchors before holes, snapshots capture has not yet covered), beside databases whose segment ids start
 * like its own, are answered both ways and compared.
 */
class SnapshotConsistencyWindowTest {
    private static final String DB = "shop";
    private static final long T0 = 1_796_000_000L;

    @TempDir
    Path dir;

    @Test
    void theAnchorsWindowAnswersAsTheWholeTimelineDoes() throws IOException {
        int quick = 0;
        int compared = 0;
        int uncaptured = 0;
        for (int seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            Path root = dir.resolve("repo-" + seed);
            List<SnapshotManifest> snapshots = write(root, r);
            try (Repository repo = Repository.open(new FileStorage(root), null)) {
                for (SnapshotManifest m : snapshots) {
                    SnapshotConsistency whole = SnapshotConsistency.of(CaptureHistory.load(repo, DB), m);
                    SnapshotConsistency window = SnapshotConsistency.fromAnchor(repo, m);
                    SnapshotConsistency answer = SnapshotConsistency.of(repo, m);
                    String what = "seed " + seed + ", snapshot " + m.id();
                    assertThat(answer.kind()).as(what).isEqualTo(whole.kind());
                    assertThat(answer.segments()).as(what).isEqualTo(whole.segments());
                    assertThat(answer.reason()).as(what).isEqualTo(whole.reason());
                    assertThat(answer.consistentAt()).as(what).isEqualTo(whole.consistentAt());
                    if (whole.anchored() != null) {
                        assertThat(answer.anchored().segmentSeq()).as(what).isEqualTo(whole.anchored().segmentSeq());
                    }
                    uncaptured += whole.reason() != null && whole.reason().startsWith("no changes of") ? 1 : 0;
                    if (window != null) {
                        quick++;
                        assertThat(window.kind()).as(what).isEqualTo(SnapshotConsistency.Kind.CAPTURED);
                    }
                    compared++;
                }
            }
        }
        // the window must answer the common case, and the whole timeline the others
        assertThat(quick).as("answered from the anchor's window, of " + compared + " (" + uncaptured + " uncaptured)")
                .isGreaterThan((compared - uncaptured) / 4).isLessThan(compared - uncaptured);
        assertThat(uncaptured).as("snapshots of a database with no captured change, of " + compared).isGreaterThan(5);
    }

    /** A random history with snapshots; returns the snapshots. */
    private static List<SnapshotManifest> write(Path root, Random r) throws IOException {
        boolean captured = r.nextInt(6) > 0; // else no change of shop was ever captured
        int n = captured ? 10 + r.nextInt(50) : 0;
        List<SnapshotManifest> snapshots = new ArrayList<>();
        List<Path> damaged = new ArrayList<>();
        try (Repository repo = Repository.openOrCreate(new FileStorage(root), null)) {
            for (int seq = 1; seq <= n; seq++) {
                long at = T0 + 2L * seq;
                boolean fresh = seq > 1 && r.nextInt(25) == 0;
                SegmentManifest s = new SegmentManifest(seq, DB, "database stream", 1, null, null, null, null,
                        CapturePosition.afterTime(new BsonTimestamp((int) at, 1)), null, Instant.ofEpochSecond(at),
                        SegmentManifest.INDEXES_EVENTS, fresh);
                if (r.nextInt(30) == 0) {
                    continue; // lost
                }
                repo.writeManifest(SegmentManifest.KIND, s.id(), s.toJson());
                if (r.nextInt(30) == 0) {
                    damaged.add(root.resolve("manifests/segment/" + s.id() + ".manifest"));
                }
                if (r.nextInt(20) == 0) {
                    GapManifest g = new GapManifest(DB, seq, new BsonTimestamp((int) at, 1), Instant.ofEpochSecond(at),
                            Instant.ofEpochSecond(at + 1), "the change stream's history was lost");
                    repo.writeManifest(GapManifest.KIND, g.id(), g.toJson());
                }
            }
            int others = r.nextInt(3) == 0 ? 70 : 3; // more than one listing page of them, sometimes
            for (String other : List.of("shop-0", "shop-000000000009")) { // databases whose segment ids start like shop's
                for (int seq = 1; seq <= others; seq++) {
                    SegmentManifest s = new SegmentManifest(seq, other, "database stream", 1, null, null, null, null,
                            CapturePosition.afterTime(new BsonTimestamp((int) (T0 + seq), 1)), null, Instant.ofEpochSecond(T0 + seq));
                    repo.writeManifest(SegmentManifest.KIND, s.id(), s.toJson());
                }
            }
            if (r.nextBoolean()) {
                long last = T0 + 2L * n;
                long after = n - (r.nextInt(4) == 0 ? 1 : 0);
                repo.putRecord(CaptureTip.record(DB), new CaptureTip(DB, after, CapturePosition.afterTime(new BsonTimestamp(
                        (int) (last + 1 + r.nextInt(5)), 1)), Instant.ofEpochSecond(last + 3)).toJson());
            }
            SnapshotCatalog catalog = new SnapshotCatalog(repo);
            int count = 2 + r.nextInt(4);
            for (int i = 0; i < count; i++) {
                int startSeq = 1 + r.nextInt(Math.max(n, 20));
                long started = T0 + 2L * startSeq + 1;
                long millis = 500 + r.nextInt(r.nextInt(5) == 0 ? 30_000 : 6_000);
                boolean safety = r.nextInt(12) == 0;
                SnapshotManifest m = new SnapshotManifest(SnapshotManifest.FORMAT, "s" + i, DB,
                        Instant.ofEpochSecond(started).toString(), Instant.ofEpochSecond(started).plusMillis(millis).toString(),
                        millis, "prodguard", List.of(), safety ? SnapshotManifest.SAFETY : SnapshotManifest.BACKUP, null);
                catalog.commit(m);
                snapshots.add(m);
                if (r.nextInt(5) > 0) { // most are anchored by capture; the others by time, or not at all
                    long anchorSeq = Math.max(1, startSeq - r.nextInt(3));
                    repo.writeManifest(SnapshotAnchor.KIND, m.id(), new SnapshotAnchor(m.id(), DB, anchorSeq,
                            new BsonTimestamp((int) (T0 + 2L * anchorSeq), 1)).toJson());
                }
            }
        }
        for (Path p : damaged) {
            byte[] b = Files.readAllBytes(p);
            b[b.length - 2] ^= 0x11;
            Files.write(p, b);
        }
        return snapshots;
    }
}
