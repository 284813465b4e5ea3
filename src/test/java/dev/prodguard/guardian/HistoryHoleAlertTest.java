package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.InMemoryAlertStore;
import dev.prodguard.alert.RestoreCommands;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentWriter;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment missing in the middle of the history the guardian follows (deleted, or its manifest damaged) is a hole:
 * the guardian reports it as lost history (capture-gap), naming the segment, instead of skipping it silently.
 */
class HistoryHoleAlertTest {
    @TempDir
    Path dir;

    private static ChangeEvent insert(int id, int second) {
        BsonDocument doc = new BsonDocument("_id", new BsonInt32(id));
        return new ChangeEvent.Insert(new EventMeta(new BsonDocument("_data", new BsonString("t" + id)),
                new BsonTimestamp(1_796_000_000 + second, 1), Instant.ofEpochSecond(1_796_000_000L + second), new Namespace("shop", "orders")),
                doc, doc);
    }

    @Test
    void aMissingSegmentIsAHoleThatRaisesLostHistory() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null);
        List<SegmentManifest> written = new ArrayList<>();
        try (SegmentWriter w = SegmentWriter.resume(repo, "shop", "database stream", clock, Duration.ofSeconds(1))) {
            for (int i = 1; i <= 2; i++) {
                w.add(List.of(insert(i, i)), CapturePosition.afterTime(new BsonTimestamp(1_796_000_000 + i, 2)));
                written.add(w.commit());
            }
        }
        SegmentTail tail = SegmentTail.fromNow(repo, "shop", clock);
        try (SegmentWriter w = SegmentWriter.resume(repo, "shop", "database stream", clock, Duration.ofSeconds(1))) {
            for (int i = 3; i <= 5; i++) {
                w.add(List.of(insert(i, i)), CapturePosition.afterTime(new BsonTimestamp(1_796_000_000 + i, 2)));
                written.add(w.commit());
            }
        }
        // segment 3 goes missing before the guardian read it
        Files.delete(dir.resolve("repo/manifests/segment/" + SegmentManifest.id("shop", 3) + ".manifest"));
        List<ChangeEvent> seen = new ArrayList<>();
        tail.poll(seen::add);
        assertThat(tail.holes()).isEmpty(); // it may still be in flight: the guardian waits before calling it a hole
        clock.advance(Duration.ofSeconds(6));
        tail.poll(seen::add);
        clock.advance(Duration.ofSeconds(6));
        tail.poll(seen::add);
        List<String> holes = tail.holes();
        assertThat(holes).singleElement().asString().contains(SegmentManifest.id("shop", 3));
        assertThat(seen).extracting(e -> e.documentId().asInt32().getValue()).containsExactly(4, 5);

        AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, n -> { });
        CaptureWatch watch = new CaptureWatch(repo, "shop", alerts, clock, Duration.ofSeconds(30),
                new RestoreCommands.Env("shop", repo.location(), null), new dev.prodguard.capture.SegmentMemo());
        watch.hole(holes.get(0));
        assertThat(alerts.active()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo(CaptureWatch.CAPTURE_GAP);
            assertThat(String.valueOf(a.details().get("why"))).contains(SegmentManifest.id("shop", 3));
        });
    }
}
