package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.Repository;
import dev.prodguard.repo.s3.RequestMeter;
import dev.prodguard.repo.s3.S3Backend;
import dev.prodguard.repo.s3.S3Storage;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.testing.TestS3;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No request storm on an idle database: capture on a bucket (commits every 200 ms, heartbeats every 300 ms) sends
 * only a handful of requests while nothing changes, because the capture tip of an idle database is replaced at most
 * every {@link S3Storage#IDLE_WRITE_EVERY} there (on a directory it is replaced at every commit interval).
 */
class S3IdleRequestsTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @Test
    void anIdleDatabaseCostsAFewRequestsNotOnePerCommitInterval() throws Exception {
        String db = TestMongo.uniqueDb("idle");
        mongo.client().getDatabase(db).getCollection("orders").insertOne(new Document("_id", 1));
        Repository repo = Repository.openOrCreate(s3.newStorage("idle/"), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        try (CaptureHarness capture = new CaptureHarness(mongo.client(), repo, db).start(null).awaitSnapshot()) {
            int segments = dev.prodguard.capture.SegmentReader.list(repo, db).size();
            mongo.client().getDatabase(db).getCollection("orders").insertOne(new Document("_id", 2));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> dev.prodguard.capture.SegmentReader.list(repo, db).size() > segments); // committed
            RequestMeter meter = S3Backend.meter();
            RequestMeter.Usage before = meter.lastDay();
            Duration idle = Duration.ofSeconds(3);
            // not a wait but the measurement window: what an idle capture costs is counted over real time, since its
            // heartbeats and commit ticks run on their own threads by the real clock (nothing to wait for: the
            // point is that almost nothing happens)
            Thread.sleep(idle.toMillis());
            RequestMeter.Usage used = minus(meter.lastDay(), before);
            capture.stop();
            long commitTicks = idle.toMillis() / 200;
            System.out.printf("idle capture on S3 for %d s: %d write(s), %d read(s) (%d commit intervals; about %d"
                    + " requests a day)%n", idle.toSeconds(), used.writes(), used.reads(), commitTicks,
                    used.requests() * 86_400 / idle.toSeconds());
            assertThat(used.writes()).as("PUTs while idle").isLessThanOrEqualTo(3);
            assertThat(used.requests()).as("requests while idle").isLessThan(commitTicks / 2);
        }
    }

    private static RequestMeter.Usage minus(RequestMeter.Usage a, RequestMeter.Usage b) {
        return new RequestMeter.Usage(a.writes() - b.writes(), a.reads() - b.reads(), a.bytesSent() - b.bytesSent(),
                a.bytesReceived() - b.bytesReceived());
    }
}
