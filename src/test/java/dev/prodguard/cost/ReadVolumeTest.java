package dev.prodguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentMemo;
import dev.prodguard.capture.SegmentWriter;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What prodguard read from the database in the last week: the raw bytes of the snapshots finished and of the change
 * segments committed since, of every database, a damaged segment counting nothing; the same through a memo that a
 * status report's windows have already filled.
 */
class ReadVolumeTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void countsWhatWasReadSinceTheInstantInEveryDatabase() throws Exception {
        MutableClock clock = new MutableClock(T0);
        Path root = dir.resolve("repo");
        long recent = 0;
        long damagedBytes = 0;
        try (Repository repo = Repository.openOrCreate(new FileStorage(root), null)) {
            for (String db : List.of("shop", "books")) {
                try (SegmentWriter w = SegmentWriter.resume(repo, db, "database stream", clock, Duration.ofSeconds(1))) {
                    for (int i = 1; i <= 6; i++) {
                        clock.set(T0.plus(Duration.ofDays(i * 2L))); // days 2, 4, 6 before "since"; 8, 10, 12 after
                        w.add(List.of(insert(db, i)), CapturePosition.afterTime(new BsonTimestamp((int) clock.instant().getEpochSecond(), 2)));
                        SegmentManifest m = w.commit();
                        if (i > 3) {
                            recent += m.object().rawBytes();
                            if (db.equals("books") && i == 5) {
                                damagedBytes = m.object().rawBytes();
                            }
                        }
                    }
                }
            }
        }
        Path damaged = root.resolve("manifests/segment/" + SegmentManifest.id("books", 5) + ".manifest");
        byte[] b = Files.readAllBytes(damaged);
        b[b.length - 2] ^= 0x11;
        Files.write(damaged, b);

        Instant since = T0.plus(Duration.ofDays(7));
        SnapshotManifest older = snapshot("s1", T0.plus(Duration.ofDays(3)), 1_000);
        SnapshotManifest newer = snapshot("s2", T0.plus(Duration.ofDays(9)), 70_000);
        try (Repository repo = Repository.open(new FileStorage(root), null)) {
            long expected = 70_000 + recent - damagedBytes;
            assertThat(damagedBytes).isPositive();
            assertThat(CostReport.readSince(repo, List.of(older, newer), since, new SegmentMemo())).isEqualTo(expected);
            SegmentMemo filled = new SegmentMemo();
            filled.list(repo, "shop");
            filled.list(repo, "books");
            assertThat(CostReport.readSince(repo, List.of(older, newer), since, filled)).isEqualTo(expected);
        }
    }

    private static SnapshotManifest snapshot(String id, Instant finished, long rawBytes) {
        dev.prodguard.snapshot.CollectionEntry c = new dev.prodguard.snapshot.CollectionEntry("orders", "collection",
                null, null, List.of(), List.of(), 1, null, rawBytes, rawBytes);
        return new SnapshotManifest(SnapshotManifest.FORMAT, id, "shop", finished.minusSeconds(5).toString(), finished.toString(), 5000,
                "prodguard", List.of(c));
    }

    private static ChangeEvent insert(String db, int id) {
        BsonDocument doc = new BsonDocument("_id", new BsonInt32(id)).append("pad", new BsonString("x".repeat(100 * id)));
        return new ChangeEvent.Insert(new EventMeta(new BsonDocument("_data", new BsonString(db + id)),
                new BsonTimestamp(1_796_000_000 + id, 1), Instant.ofEpochSecond(1_796_000_000L + id), new Namespace(db, "orders")),
                doc, doc);
    }
}
