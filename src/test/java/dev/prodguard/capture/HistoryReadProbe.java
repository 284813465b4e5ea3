package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.Storage;
import dev.prodguard.testing.TestS3;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, not a test: how long reading a database's segment manifests takes, one after another against
 * {@link SegmentReader#read} (several at a time), on a local directory and on S3 (s3proxy, in-process: its
 * requests take about a millisecond, a real bucket's ten or more). {@code -Dprobe.segments=N} (3000),
 * {@code -Dprobe.s3.latencyMs=L} adds L ms to every S3 read, as a remote bucket would. Run:
 * {@code mvn -o -B test -Dsurefire.groups=bench -Dsurefire.excludedGroups= -Dtest=HistoryReadProbe}
 */
@Tag("bench")
class HistoryReadProbe {
    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    @Test
    void sequentialAgainstParallel() throws Exception {
        int n = Integer.getInteger("probe.segments", 3000);
        int latency = Integer.getInteger("probe.s3.latencyMs", 0);
        report("local", new FileStorage(dir.resolve("repo")), n);
        Storage bucket = s3.newStorage("repo/");
        report("s3 +" + latency + " ms", latency == 0 ? bucket : new Slow(bucket, latency), n);
    }

    private static void report(String where, Storage storage, int n) throws Exception {
        try (Repository repo = Repository.openOrCreate(storage, null)) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                SegmentManifest m = new SegmentManifest(i, "shop", "database stream", 0, null, null, null, null,
                        CapturePosition.afterTime(new BsonTimestamp(1_796_000_000 + i, 1)), null, Instant.ofEpochSecond(1_796_000_000L + i));
                repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
                ids.add(m.id());
            }
            for (int pass = 0; pass < 3; pass++) {
                long t0 = System.nanoTime();
                List<SegmentManifest> one = new ArrayList<>();
                ids.forEach(id -> one.add(SegmentReader.readOrNull(repo, id)));
                long t1 = System.nanoTime();
                List<SegmentManifest> many = SegmentReader.read(repo, ids);
                long t2 = System.nanoTime();
                assertThat(many).isEqualTo(one).doesNotContainNull().hasSize(n);
                System.err.printf("probe: %s, %d manifests: one at a time %d ms, several at a time %d ms%n", where, n,
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            }
        }
    }

    /** Adds a fixed delay to every read, as a bucket in another data centre would. */
    private static final class Slow extends dev.prodguard.testing.ForwardingStorage {
        private final int ms;

        Slow(Storage inner, int ms) {
            super(inner);
            this.ms = ms;
        }

        @Override
        public java.io.InputStream get(String key) throws java.io.IOException {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            return inner.get(key);
        }
    }
}
