package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.Namespace;
import dev.prodguard.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/**
 * The wipe rule on normalised change events shaped like a real server's dropDatabase (a drop per
 * collection, then dropDatabase, then invalidate) and like the embedded server's (drops only), on a manual clock.
 */
class WipeDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:42:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final WipeDetector detector = new WipeDetector("shop", Set.of("sessions"), 5, Duration.ofSeconds(10), clock);
    private int seq;

    private EventMeta meta(String coll, Instant at) {
        seq++;
        return new EventMeta(new BsonDocument("_data", new BsonInt32(seq)), new BsonTimestamp((int) at.getEpochSecond(), seq),
                at, coll == null ? Namespace.ofDatabase("shop") : new Namespace("shop", coll));
    }

    private ChangeEvent drop(String coll, Instant at) {
        return new ChangeEvent.Drop(meta(coll, at));
    }

    private ChangeEvent delete(String coll, int id, Instant at) {
        return new ChangeEvent.Delete(meta(coll, at), new BsonDocument("_id", new BsonInt32(id)));
    }

    private ChangeEvent insert(String coll, int id, Instant at) {
        BsonDocument doc = new BsonDocument("_id", new BsonInt32(id));
        return new ChangeEvent.Insert(meta(coll, at), doc, doc);
    }

    @Test
    void aRealServersDropDatabaseIsOneWipeNamingEveryGuardedCollection() {
        detector.accept(drop("prodguard_heartbeat", T0));
        detector.accept(drop("wallets", T0.plusMillis(2)));
        detector.accept(drop("sessions", T0.plusMillis(3))); // not guarded by configuration
        detector.accept(drop("users", T0.plusMillis(4)));
        detector.accept(new ChangeEvent.DropDatabase(meta(null, T0.plusMillis(5))));
        detector.accept(new ChangeEvent.Invalidate(meta(null, T0.plusMillis(5))));
        List<WipeDetector.Finding> found = detector.poll();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WipeDetector.Kind.DROP);
            assertThat(f.collections()).containsExactly("users", "wallets");
            assertThat(f.operation()).isEqualTo("dropDatabase");
            // the first drop of the user's data (prodguard's own heartbeat is not): the restore point is just before it
            assertThat(f.at()).isEqualTo(T0.plusMillis(2));
        });
        assertThat(detector.poll()).isEmpty();
    }

    @Test
    void embeddedDropsWithoutADropDatabaseEventCloseAfterAQuietSecond() {
        detector.accept(drop("wallets", T0));
        detector.accept(drop("users", T0.plusMillis(1)));
        assertThat(detector.poll()).isEmpty(); // more drops of the same burst may still come
        clock.advance(WipeDetector.BURST);
        assertThat(detector.poll()).singleElement()
                .satisfies(f -> assertThat(f.collections()).containsExactly("users", "wallets"));
    }

    @Test
    void aChangeAfterADropEndsTheBurst() {
        detector.accept(drop("wallets", T0));
        detector.accept(insert("orders", 1, T0.plusMillis(10)));
        detector.accept(drop("users", T0.plusMillis(20)));
        clock.advance(WipeDetector.BURST);
        assertThat(detector.poll()).extracting(WipeDetector.Finding::collections)
                .containsExactly(List.of("wallets"), List.of("users"));
    }

    @Test
    void droppingOnlyUnguardedCollectionsIsNoWipe() {
        detector.accept(drop("sessions", T0));
        detector.accept(drop("prodguard_heartbeat", T0));
        detector.accept(drop("prodguard_connection_test", T0)); // 'prodguard doctor' drops it after its connection test
        detector.accept(drop("system.views", T0));
        clock.advance(Duration.ofSeconds(5));
        assertThat(detector.poll()).isEmpty();
    }

    @Test
    void moreDeletesThanTheThresholdWithinTheWindowIsAWipeOnce() {
        for (int i = 0; i < 5; i++) {
            detector.accept(delete("orders", i, T0.plusMillis(i)));
        }
        assertThat(detector.poll()).isEmpty(); // 5 is not more than 5
        detector.accept(delete("orders", 5, T0.plusMillis(5)));
        detector.accept(delete("orders", 6, T0.plusMillis(6)));
        assertThat(detector.poll()).as("reported when the deletes pause, with their full count").isEmpty();
        clock.advance(WipeDetector.BURST);
        List<WipeDetector.Finding> found = detector.poll();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WipeDetector.Kind.MASS_DELETE);
            assertThat(f.collections()).containsExactly("orders");
            assertThat(f.deleted()).isEqualTo(7);
            assertThat(f.at()).isEqualTo(T0);
        });
        detector.accept(delete("orders", 7, T0.plusMillis(7)));
        clock.advance(WipeDetector.BURST);
        assertThat(detector.poll()).as("the same run of deletes is reported once").isEmpty();
    }

    @Test
    void deletesThatNeverPauseAreReportedAtTheLatestAfterTwoSeconds() {
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofMillis(100));
            detector.accept(delete("orders", i, T0.plusMillis(100L * i)));
            if (!detector.poll().isEmpty()) {
                assertThat(i).isGreaterThanOrEqualTo(5 + 20 - 1);
                return;
            }
        }
        throw new AssertionError("never reported");
    }

    @Test
    void deletesSpreadOverMoreThanTheWindowAreNoWipe() {
        for (int i = 0; i < 20; i++) {
            detector.accept(delete("orders", i, T0.plusSeconds(3L * i)));
        }
        assertThat(detector.poll()).isEmpty();
    }

    @Test
    void deletesInDifferentCollectionsCountSeparately() {
        for (int i = 0; i < 4; i++) {
            detector.accept(delete("orders", i, T0.plusMillis(i)));
            detector.accept(delete("trades", i, T0.plusMillis(i)));
            detector.accept(delete("sessions", i, T0.plusMillis(i)));
            detector.accept(delete("sessions", 100 + i, T0.plusMillis(i)));
        }
        assertThat(detector.poll()).isEmpty();
    }

    @Test
    void aWipeIsRecoveredWhenEveryLostCollectionHasDocumentsAgain() {
        detector.accept(drop("wallets", T0));
        detector.accept(drop("users", T0));
        clock.advance(WipeDetector.BURST);
        WipeDetector.Finding f = detector.poll().get(0);
        detector.accept(insert("wallets", 1, T0.plusSeconds(30)));
        assertThat(detector.recovered()).isEmpty();
        detector.accept(insert("users", 1, T0.plusSeconds(31)));
        assertThat(detector.recovered()).containsExactly(f);
        assertThat(detector.recovered()).isEmpty();
    }

    @Test
    void aMassDeleteIsRecoveredWhenAsManyDocumentsCameBack() {
        for (int i = 0; i < 6; i++) {
            detector.accept(delete("orders", i, T0.plusMillis(i)));
        }
        clock.advance(WipeDetector.BURST);
        WipeDetector.Finding f = detector.poll().get(0);
        for (int i = 0; i < 5; i++) {
            detector.accept(insert("orders", i, T0.plusSeconds(20)));
        }
        assertThat(detector.recovered()).isEmpty();
        detector.accept(insert("orders", 5, T0.plusSeconds(20)));
        assertThat(detector.recovered()).containsExactly(f);
    }

    @Test
    void otherDatabasesAreNotWatched() {
        detector.accept(new ChangeEvent.Drop(new EventMeta(null, new BsonTimestamp(1, 1), T0, new Namespace("other", "wallets"))));
        clock.advance(Duration.ofSeconds(5));
        assertThat(detector.poll()).isEmpty();
    }
}
