package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture whose lock another capture took over (its heartbeat looked stalled to that one) stops with
 * the lock's code (LOCKED, exit 8) saying so, before it commits anything more, instead of colliding
 * with the new holder's segments and reporting a damaged repository (exit 5).
 */
class CaptureLostLockTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void aCaptureThatLostItsLockSaysSoAndStopsWithTheLocksCode() throws Exception {
        String dbName = TestMongo.uniqueDb("lostlock");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.getCollection("orders").insertOne(new Document("_id", 0));
        Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null,
                new Repository.CreateOptions(1, 64 * 1024, 1000));
        try (CaptureHarness first = new CaptureHarness(mongo.client(), repo, dbName).start(null).awaitSnapshot()) {
            // the second capture judges the first's lock stale after 100 ms without a refresh; the first
            // refreshes it every 15 s, so to the second it looks like a holder whose heartbeat stalled
            CaptureService.Timing impatient = new CaptureService.Timing(CaptureHarness.FAST.commitInterval(),
                    CaptureHarness.FAST.heartbeatInterval(), CaptureHarness.FAST.idlePoll(), Duration.ofMillis(100),
                    CaptureHarness.FAST.maxBackoff());
            AtomicBoolean stopSecond = new AtomicBoolean();
            java.util.List<String> secondLog = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            CompletableFuture<CaptureService.Summary> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return new CaptureService(mongo.client(), repo, dbName, impatient, SnapshotOptions.defaults(),
                            Clock.systemUTC(), CaptureService.Pause.SLEEP).log(secondLog::add).run(stopSecond::get);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> secondLog.stream().anyMatch(l -> l.startsWith("took over")));
            for (int i = 1; i <= 50; i++) { // changes for both to commit
                db.getCollection("orders").insertOne(new Document("_id", i));
            }
            Throwable failure = null;
            try {
                first.stop();
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("the first capture must stop with the lock's error; its log: %s", first.log)
                    .isInstanceOfSatisfying(ProdguardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
                        assertThat(ErrorCode.LOCKED.exitCode()).isEqualTo(8);
                        assertThat(e.getMessage()).contains("lost the 'capture:" + dbName + "' lock")
                                .contains("'capture' on host").contains("without committing more");
                    });
            // under load the second may not have committed yet: a change made now is its alone to commit
            CaptureState atStop = CaptureState.read(repo, dbName);
            long seqAtStop = atStop == null || atStop.lastSeq() == null ? -1 : atStop.lastSeq();
            db.getCollection("orders").insertOne(new Document("_id", 51));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                CaptureState now = CaptureState.read(repo, dbName);
                return now != null && now.lastSeq() != null && now.lastSeq() > seqAtStop;
            });
            stopSecond.set(true);
            CaptureService.Summary s = second.get(30, TimeUnit.SECONDS); // the new holder was never disturbed
            assertThat(s.events()).isPositive();
        }
    }
}
