package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentWriter;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} is what a person runs to see what is wrong, so a damaged change segment must show there as lost
 * history, not stop it: its cost part read every segment manifest of the last week and failed with exit 5 on the
 * first damaged one ("manifest ... is damaged"), before printing anything.
 */
class StatusDamagedHistoryTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedSegmentManifestIsAGapInStatusNotAnError() throws Exception {
        Path root = dir.resolve("repo");
        Instant now = Instant.now();
        try (Repository repo = Repository.openOrCreate(new FileStorage(root), null);
                SegmentWriter w = SegmentWriter.resume(repo, "shop", "database stream", Clock.systemUTC(), Duration.ofSeconds(1))) {
            for (int i = 1; i <= 5; i++) {
                int second = (int) now.getEpochSecond() - 60 + i;
                BsonDocument doc = new BsonDocument("_id", new BsonInt32(i));
                w.add(List.of(new ChangeEvent.Insert(new EventMeta(new BsonDocument("_data", new BsonString("t" + i)),
                        new BsonTimestamp(second, 1), Instant.ofEpochSecond(second), new Namespace("shop", "orders")), doc, doc)),
                        CapturePosition.afterTime(new BsonTimestamp(second, 2)));
                w.commit();
            }
        }
        Path damaged = root.resolve("manifests/segment/" + SegmentManifest.id("shop", 3) + ".manifest");
        byte[] b = Files.readAllBytes(damaged);
        b[b.length - 2] ^= 0x11;
        Files.write(damaged, b);
        Map<String, String> env = Map.of("PRODGUARD_REPO", root.toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString());

        CliRun human = CliRun.run(env, dir, "status");
        assertThat(human.exitCode).as(human.toString()).isZero();
        assertThat(human.out).contains("gap ").contains("read from the database:");
        CliRun json = CliRun.run(env, dir, "status", "--json");
        assertThat(json.exitCode).as(json.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.out);
        assertThat(j.path("restorable").findValuesAsText("kind")).contains("gap");
        assertThat(j.at("/costs/transfer/readLast7Days").asLong()).isPositive();
    }
}
