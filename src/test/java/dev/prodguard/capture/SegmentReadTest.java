package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a long history several manifests at a time gives what reading them one after another gives: the same
 * manifests in the same order, a damaged one left out (its sequence number missing, a hole) and the rest kept,
 * through {@link SegmentReader#list} and through the dashboard's {@link SegmentMemo} alike.
 */
class SegmentReadTest {
    private static final int SEGMENTS = 1_000; // many reading tasks, not one

    @TempDir
    Path dir;

    @Test
    void manyManifestsReadTogetherKeepTheirOrderAndLeaveOutOnlyTheDamagedOne() throws IOException {
        Path root = dir.resolve("repo");
        List<String> ids = new ArrayList<>();
        try (Repository repo = Repository.openOrCreate(new FileStorage(root), null)) {
            for (int i = 1; i <= SEGMENTS; i++) {
                SegmentManifest m = new SegmentManifest(i, "shop", "database stream", i, null, null, null, null,
                        CapturePosition.afterTime(new BsonTimestamp(1_796_000_000 + i, 1)), null, Instant.ofEpochSecond(1_796_000_000L + i));
                repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
                ids.add(m.id());
            }
            // another database's history is not this one's
            SegmentManifest other = new SegmentManifest(1, "books", "database stream", 1, null, null, null, null,
                    CapturePosition.afterTime(new BsonTimestamp(1_796_000_000, 1)), null, Instant.ofEpochSecond(1_796_000_000L));
            repo.writeManifest(SegmentManifest.KIND, other.id(), other.toJson());
        }
        Path damaged = root.resolve("manifests/segment/" + SegmentManifest.id("shop", 777) + ".manifest");
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length - 3] ^= 0x20;
        Files.write(damaged, bytes);

        try (Repository repo = Repository.open(new FileStorage(root), null)) {
            List<SegmentManifest> read = SegmentReader.read(repo, ids);
            assertThat(read).hasSize(SEGMENTS);
            assertThat(read.get(776)).as("the damaged manifest").isNull();
            for (int i = 0; i < SEGMENTS; i++) {
                if (i != 776) {
                    assertThat(read.get(i)).isEqualTo(SegmentReader.readOrNull(repo, ids.get(i)));
                    assertThat(read.get(i).seq()).isEqualTo(i + 1);
                    assertThat(read.get(i).events()).isEqualTo(i + 1);
                }
            }
            List<SegmentManifest> listed = SegmentReader.list(repo, "shop");
            assertThat(listed).hasSize(SEGMENTS - 1).extracting(SegmentManifest::seq).isSorted().doesNotContain(777L);
            assertThat(listed).allMatch(m -> m.database().equals("shop"));
            assertThat(CaptureHistory.load(repo, "shop").holes()).as("the damaged segment is a hole").isNotEmpty();
        }
        // a long-lived reader (the guardian's watches, the dashboard) reads each manifest once
        CountingReads counting = new CountingReads(new FileStorage(root));
        try (Repository repo = Repository.open(counting, null)) {
            SegmentMemo memo = new SegmentMemo();
            List<SegmentManifest> listed = SegmentReader.list(repo, "shop");
            long before = counting.segmentReads.get();
            assertThat(memo.list(repo, "shop")).isEqualTo(listed);
            assertThat(counting.segmentReads.get() - before).isEqualTo(SEGMENTS);
            before = counting.segmentReads.get();
            assertThat(CaptureHistory.load(repo, "shop", memo).holes()).isNotEmpty();
            assertThat(memo.list(repo, "shop")).isEqualTo(listed);
            assertThat(counting.segmentReads.get() - before).as("only the damaged one is asked again, twice").isEqualTo(2);
        }
    }

    /** Counts reads of segment manifests. */
    private static final class CountingReads extends dev.prodguard.testing.ForwardingStorage {
        final java.util.concurrent.atomic.AtomicLong segmentReads = new java.util.concurrent.atomic.AtomicLong();

        CountingReads(dev.prodguard.repo.Storage inner) {
            super(inner);
        }

        @Override
        public java.io.InputStream get(String key) throws IOException {
            if (key.startsWith("manifests/segment/")) {
                segmentReads.incrementAndGet();
            }
            return inner.get(key);
        }
    }
}
