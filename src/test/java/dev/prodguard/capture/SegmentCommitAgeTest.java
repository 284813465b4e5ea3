package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@link SegmentWriter} commits, in a real repository on an injected clock: at least every
 * interval while changes flow, and earlier once the oldest uncommitted event is one interval old by
 * its time on the server (an event that took long to arrive does not wait for the next tick too).
 */
class SegmentCommitAgeTest {
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Namespace ORDERS = new Namespace("shop", "orders");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:40:00Z"));
    private Repository repo;
    private SegmentWriter writer;
    private int seq;

    @BeforeEach
    void setUp() {
        repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(3, 64 * 1024, 1000));
        writer = SegmentWriter.resume(repo, "shop", "collection streams", clock, INTERVAL);
        add(clock.instant()); // the first commit of a history: a segment
        clock.advance(INTERVAL);
        assertThat(writer.commit()).isNotNull();
    }

    @Test
    void anEventThatArrivesLateIsCommittedOnceAQuarterIntervalPassedNotAtTheNextTick() {
        clock.advance(Duration.ofMillis(50));
        Instant written = clock.instant().minus(Duration.ofMillis(600)); // delivered 600 ms after the write
        add(written);
        assertThat(writer.due()).as("old, but the previous commit was only 50 ms ago").isFalse();
        clock.advance(Duration.ofMillis(75));
        assertThat(writer.due()).as("a quarter interval after the previous commit, 675 ms old").isTrue();
        SegmentManifest m = writer.commit();
        assertThat(Duration.between(m.firstWallTime(), m.committedAt())).isEqualTo(Duration.ofMillis(675));
    }

    @Test
    void aFreshEventWaitsForItsAgeOrTheTickWhicheverComesFirst() {
        clock.advance(Duration.ofMillis(300));
        add(clock.instant().minus(Duration.ofMillis(20)));
        clock.advance(Duration.ofMillis(150)); // 170 ms old, 450 ms since the previous commit
        assertThat(writer.due()).isFalse();
        clock.advance(Duration.ofMillis(50)); // the tick: an interval since the previous commit
        assertThat(writer.due()).as("at least every interval while changes flow").isTrue();
    }

    @Test
    void aServerClockAheadOfOursLeavesTheTick() {
        clock.advance(Duration.ofMillis(200));
        add(clock.instant().plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMillis(299));
        assertThat(writer.due()).isFalse();
        clock.advance(Duration.ofMillis(1)); // the tick
        assertThat(writer.due()).isTrue();
    }

    @Test
    void onlyAMovedPositionStillWaitsForTheTick() {
        writer.add(List.of(), CapturePosition.afterTime(new BsonTimestamp(1_700_000_000, 99)));
        clock.advance(INTERVAL.minusMillis(1));
        assertThat(writer.due()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(writer.due()).isTrue();
        assertThat(writer.commit()).as("the capture tip, not a segment").isNull();
        assertThat(writer.tipWrites()).isEqualTo(1);
    }

    /** One insert written on the server at {@code wall}, and the position after it. */
    private void add(Instant wall) {
        ChangeEvent e = insert(wall);
        writer.add(List.of(e), CapturePosition.afterTime(e.meta().clusterTime()));
    }

    private ChangeEvent insert(Instant wall) {
        seq++;
        BsonDocument key = new BsonDocument("_id", new BsonInt32(seq));
        BsonDocument token = new BsonDocument("_data", new BsonString("token-" + seq));
        EventMeta meta = new EventMeta(token, new BsonTimestamp(1_700_000_000, seq), wall, ORDERS);
        return new ChangeEvent.Insert(meta, key, key.clone().append("qty", new BsonInt32(seq)));
    }
}
