package dev.prodguard.capture;

import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.replay.TargetState;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments in a real repository: committed at the interval while changes flow; when idle the capture
 * tip advances and a position-only segment is written at most every idle-segment interval; capture resumes from the last committed position after a
 * stop or a crash before the manifest, with nothing lost and nothing stored twice.
 */
class CaptureSegmentsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private Repository repo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:40:00Z"));
    private String dbName;
    private MongoDatabase db;
    private CaptureProbe probe;
    private ProbeResult path;

    @BeforeEach
    void setUp() {
        repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(3, 64 * 1024, 1000));
        dbName = TestMongo.uniqueDb("seg");
        db = mongo.client().getDatabase(dbName);
        probe = new CaptureProbe(mongo.client(), dbName, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(10), d -> {});
        path = probe.probe();
    }

    private CaptureRunner runner(SegmentWriter writer) {
        ChangeSource source = probe.openSource(path, writer.committedPosition());
        return new CaptureRunner(source, writer, new Heartbeat(db, clock, SECOND));
    }

    @Test
    void commitsEverySecondAdvancesWhenIdleAndResumesWithoutLossOrDuplicates() {
        SegmentWriter writer = SegmentWriter.resume(repo, dbName, path.path().label(), clock, SECOND);
        assertThat(writer.committedPosition()).isNull();
        CaptureRunner runner = runner(writer);
        for (int i = 1; i <= 3; i++) {
            db.getCollection("orders").insertOne(new Document("_id", i).append("qty", i));
        }
        assertThat(runner.step()).as("not due before the interval").isNull();
        clock.advance(SECOND);
        SegmentManifest first = stepUntilCommit(runner);
        assertThat(first.events()).isEqualTo(3);
        assertThat(first.firstClusterTime()).isNotNull();
        assertThat(first.lastClusterTime()).isGreaterThanOrEqualTo(first.firstClusterTime());
        assertThat(first.object()).isNotNull();

        clock.advance(SECOND); // idle: only the heartbeat moves, and only the capture tip advances
        CaptureTip tip = stepUntilTip(runner, writer);
        assertThat(SegmentReader.list(repo, dbName)).as("no segment per idle commit").hasSize(1);
        assertThat(tip.afterSeq()).isEqualTo(first.seq());
        assertThat(tip.position().clusterTime()).isGreaterThan(first.position().clusterTime());
        assertThat(runner.lag()).isNotNull();

        clock.advance(SegmentWriter.DEFAULT_IDLE_SEGMENT_EVERY); // still idle, but an idle segment is due now
        SegmentManifest idle = stepUntilCommit(runner);
        assertThat(idle.events()).isZero();
        assertThat(idle.object()).isNull();
        assertThat(idle.position().clusterTime()).isGreaterThanOrEqualTo(tip.position().clusterTime());
        assertThat(SegmentReader.tip(repo, dbName).extendsSegment(idle.seq())).as("a newer segment supersedes the tip").isFalse();

        clock.advance(SECOND);
        CaptureTip newest = stepUntilTip(runner, writer);
        assertThat(newest.afterSeq()).isEqualTo(idle.seq());
        writer.close();

        // capture is down: these writes happen meanwhile
        db.getCollection("orders").updateOne(Filters.eq("_id", 1), Updates.set("qty", 10));
        db.getCollection("orders").deleteOne(Filters.eq("_id", 2));
        db.getCollection("trades").insertOne(new Document("_id", "t1"));

        SegmentWriter again = SegmentWriter.resume(repo, dbName, path.path().label(), clock, SECOND);
        assertThat(again.committedPosition()).as("resumes after the tip").isEqualTo(newest.position());
        CaptureRunner restarted = runner(again);
        clock.advance(SECOND);
        SegmentManifest third = stepUntilCommit(restarted);
        assertThat(third.seq()).isEqualTo(idle.seq() + 1);

        List<ChangeEvent> stored = allStoredEvents();
        assertThat(stored).extracting(ChangeEvent::operationType)
                .containsExactly("insert", "insert", "insert", "update", "delete", "insert");
        assertReplayEqualsSource(stored);
    }

    @Test
    void aCrashBeforeTheManifestLosesNothing() {
        SegmentWriter writer = SegmentWriter.resume(repo, dbName, path.path().label(), clock, SECOND);
        CaptureRunner runner = runner(writer);
        db.getCollection("orders").insertOne(new Document("_id", 1));
        clock.advance(SECOND);
        stepUntilCommit(runner);
        db.getCollection("orders").insertOne(new Document("_id", 2));
        for (int i = 0; i < 5; i++) {
            runner.step(); // captured and written into the open object, but never committed
        }
        writer.close(); // the process dies: the object is debris, no manifest names it

        SegmentWriter again = SegmentWriter.resume(repo, dbName, path.path().label(), clock, SECOND);
        CaptureRunner restarted = runner(again);
        clock.advance(SECOND);
        stepUntilCommit(restarted);

        List<ChangeEvent> stored = allStoredEvents();
        assertThat(stored).extracting(e -> e.documentId().asInt32().getValue()).containsExactly(1, 2);
        assertReplayEqualsSource(stored);
    }

    /** Idle for a simulated minute, polled every second: the tip advances, a segment only every 20 s. */
    @Test
    void anIdleDatabaseWritesASegmentPerIdleIntervalNotPerCommit() {
        long withTip = idleSegments(Duration.ofSeconds(20), Duration.ofMinutes(1));
        assertThat(withTip).as("the first segment + one per idle 20 s, not one per commit").isBetween(3L, 5L);
        CaptureTip tip = SegmentReader.tip(repo, dbName);
        assertThat(tip.extendsSegment(SegmentReader.newest(repo, dbName).seq())).isTrue();
    }

    /**
     * Idle for a simulated 2 minutes, polled every second, with a 500 ms commit interval and a 1 s
     * heartbeat: the old behaviour (a segment at every commit that moved the position, i.e. idle segments
     * every 0 s) against the tip with idle segments every 30 s. Prints both (per idle day = count × 720).
     * Run: {@code mvn -o -B test -Dtest='CaptureSegmentsTest#idleSegmentsPerDay' -Dsurefire.excludedGroups=}.
     */
    @Test
    @Tag("bench")
    void idleSegmentsPerDay() {
        long perCommit = idleSegments(Duration.ZERO, Duration.ofMinutes(2));
        long withTip = idleSegments(Duration.ofSeconds(30), Duration.ofMinutes(2));
        System.out.printf("IDLE 2 simulated min: %d segments when every idle commit is a segment, %d with the capture tip"
                + " (per idle day: ~%d vs ~%d at 30 s; 288 at the default 5 min)%n", perCommit, withTip, perCommit * 720, withTip * 720);
        assertThat(perCommit).as("the old behaviour: about one segment per heartbeat").isGreaterThan(90);
        assertThat(withTip).as("first segment + one per idle 30 s").isBetween(4L, 6L);
    }

    private long idleSegments(Duration idleSegmentEvery, Duration idleFor) {
        dbName = TestMongo.uniqueDb("idle");
        db = mongo.client().getDatabase(dbName);
        db.getCollection("orders").insertOne(new Document("_id", 0));
        probe = new CaptureProbe(mongo.client(), dbName, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(10), d -> {});
        path = probe.probe();
        SegmentWriter writer = SegmentWriter.resume(repo, dbName, path.path().label(), clock, Duration.ofMillis(500), idleSegmentEvery);
        CaptureRunner runner = runner(writer);
        Instant end = clock.instant().plus(idleFor);
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofSeconds(1));
            runner.step();
        }
        runner.flush();
        writer.close();
        return SegmentReader.list(repo, dbName).size();
    }

    private CaptureTip stepUntilTip(CaptureRunner runner, SegmentWriter writer) {
        long before = writer.tipWrites();
        for (int i = 0; i < 50 && writer.tipWrites() == before; i++) {
            assertThat(runner.step()).as("an idle commit writes no segment").isNull();
        }
        assertThat(writer.tipWrites()).as("the tip advanced").isGreaterThan(before);
        return SegmentReader.tip(repo, dbName);
    }

    private SegmentManifest stepUntilCommit(CaptureRunner runner) {
        for (int i = 0; i < 50; i++) {
            SegmentManifest m = runner.step();
            if (m != null) {
                return m;
            }
        }
        throw new AssertionError("no segment committed");
    }

    private List<ChangeEvent> allStoredEvents() {
        List<ChangeEvent> out = new ArrayList<>();
        for (SegmentManifest m : SegmentReader.list(repo, dbName)) {
            SegmentReader.read(repo, m, out::add);
        }
        return out;
    }

    private void assertReplayEqualsSource(List<ChangeEvent> stored) {
        String target = TestMongo.uniqueDb("segdst");
        new ReplayEngine(mongo.client(), NamespaceMap.single(dbName, target)).applyAll(stored);
        assertThat(TargetState.read(mongo.client(), target))
                .isEqualTo(TargetState.read(mongo.client(), dbName, CaptureProbe.HEARTBEAT_COLLECTION));
    }
}
