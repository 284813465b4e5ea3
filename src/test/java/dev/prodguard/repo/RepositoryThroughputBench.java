package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository write/read throughput, plain and encrypted, on semi-compressible data; prints MB/s
 * and the peak heap. Run: {@code mvn -o -B test -Dsurefire.excludedGroups=none -Dtest=RepositoryThroughputBench}
 * (size via -Dbench.mb=512).
 */
@Tag("bench")
class RepositoryThroughputBench {
    @TempDir
    Path dir;

    @Test
    void throughput() throws Exception {
        int mb = Integer.getInteger("bench.mb", 256);
        byte[][] blocks = new byte[16][1024 * 1024]; // distinct blocks, more than zstd's window apart
        Random r = new Random(1);
        for (byte[] block : blocks) {
            for (int i = 0; i < block.length; i++) { // roughly document-like: field names and random digits
                block[i] = (byte) (i % 64 < 40 ? "wallet_balance_userId_currency_".charAt(i % 31) : '0' + r.nextInt(10));
            }
        }
        int level = Integer.getInteger("bench.level", Repository.CreateOptions.defaults().zstdLevel());
        Repository.CreateOptions options = new Repository.CreateOptions(level,
                Repository.CreateOptions.defaults().chunkSize(), Repository.CreateOptions.defaults().kdfIterations());
        for (boolean encrypted : new boolean[] {false, true, false, true}) { // twice: the first pass warms up the JIT
            Path d = dir.resolve(encrypted ? "enc" : "plain");
            Repository repo = Repository.openOrCreate(new FileStorage(d), encrypted ? "bench passphrase".toCharArray() : null,
                    options);
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                p.resetPeakUsage();
            }
            long t0 = System.nanoTime();
            ObjectRef ref;
            try (ObjectWriter w = repo.newObject("bench/")) {
                for (int i = 0; i < mb; i++) {
                    byte[] block = blocks[i % blocks.length];
                    for (int off = 0; off < block.length; off += 512) { // document-sized writes
                        w.write(block, off, 512);
                    }
                }
                ref = w.commit();
            }
            long t1 = System.nanoTime();
            long read = 0;
            try (InputStream in = repo.openObject(ref)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    read += n;
                }
            }
            long t2 = System.nanoTime();
            long heap = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    heap += p.getPeakUsage().getUsed();
                }
            }
            assertThat(read).isEqualTo((long) mb * 1024 * 1024);
            System.out.printf("{\"zstd_level\":%d,\"encrypted\":%s,\"raw_mb\":%d,\"stored_mb\":%.1f,\"write_mb_s\":%.1f,\"read_verify_mb_s\":%.1f,"
                    + "\"peak_heap_mb\":%.1f}%n", level, encrypted, mb, ref.storedBytes() / 1048576.0,
                    mb / ((t1 - t0) / 1e9), mb / ((t2 - t1) / 1e9), heap / 1048576.0);
        }
    }
}
