package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.ListingCounter;
import dev.prodguard.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the next segment the guardian follows is not there, it looks whether newer ones exist (then the missing one is a
 * hole). An idle database is in that state all the time, so the look must not list the history before it: it listed
 * every segment manifest of the repository, on S3 a request per 1,000 at every look.
 */
class TailRelistCostTest {
    private static final int HISTORY = 1_200;

    @TempDir
    Path dir;

    @Test
    void lookingForNewerSegmentsListsOnlyWhatCameAfter() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        Path root = dir.resolve("repo");
        ListingCounter storage = new ListingCounter(new FileStorage(root));
        Repository repo = Repository.openOrCreate(storage, null);
        for (int seq = 1; seq <= HISTORY; seq++) {
            write(repo, "shop", seq);
        }
        write(repo, "shop2", 1); // another database's history, beside it
        SegmentTail tail = SegmentTail.fromNow(repo, "shop", clock);
        for (int seq = HISTORY + 1; seq <= HISTORY + 3; seq++) {
            write(repo, "shop", seq);
        }
        Files.delete(root.resolve("manifests/segment/" + SegmentManifest.id("shop", HISTORY + 1) + ".manifest"));

        long before = storage.listed();
        tail.poll(e -> { });
        clock.advance(Duration.ofSeconds(6));
        tail.poll(e -> { }); // stuck long enough: looks for newer segments, and finds them
        assertThat(storage.listed() - before).as("keys listed to find the newer segments").isLessThan(10);
        assertThat(tail.holes()).singleElement().asString().contains(SegmentManifest.id("shop", HISTORY + 1));
        tail.poll(e -> { });
        assertThat(tail.last().seq()).as("it goes on after the hole").isEqualTo(HISTORY + 3);
    }

    private static void write(Repository repo, String db, int seq) {
        SegmentManifest m = new SegmentManifest(seq, db, "database stream", 0, null, null, null, null,
                CapturePosition.afterTime(new BsonTimestamp(1_796_000_000 + seq, 1)), null, Instant.ofEpochSecond(1_796_000_000L + seq));
        repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
    }
}
