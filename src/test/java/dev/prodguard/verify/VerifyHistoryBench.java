package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time of {@code prodguard verify} over a long change history ({@link GeneratedHistory}: 5,000 segments of 20
 * inserts by default, every event decoded). Run:
 * {@code mvn -o -B test -Dtest=VerifyHistoryBench -Dsurefire.excludedGroups= -Dverify.segments=5000}.
 */
@Tag("bench")
class VerifyHistoryBench {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void verifyALongHistory() {
        int segments = Integer.getInteger("verify.segments", 5000);
        int events = Integer.getInteger("verify.events", 20);
        long t0 = System.nanoTime();
        GeneratedHistory h = GeneratedHistory.write(mongo.client(), dir.resolve("repo"), TestMongo.uniqueDb("bench"), segments, events);
        long written = (System.nanoTime() - t0) / 1_000_000;
        long best = Long.MAX_VALUE;
        CliRun r = null;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            r = CliRun.run(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", h.db, "PRODGUARD_REPO", h.repoDir.toString(),
                    "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, h.clock, "verify");
            best = Math.min(best, (System.nanoTime() - t) / 1_000_000);
            assertThat(r.exitCode).as(r.toString()).isZero();
        }
        System.out.printf("VERIFY %d segments x %d events (written in %d ms): best of 3 %d ms (%.2f ms per segment); %s%n",
                segments, events, written, best, best / (double) segments, r.out.strip());
    }
}
