package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.capture.CaptureHarness;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI: capture in the foreground, status with the path, windows and gaps, restore --to with its plan, refusals and usage errors. */
class PointInTimeCliTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void captureStatusAndRestoreToAnInstant() throws Exception {
        String dbName = TestMongo.uniqueDb("cli");
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", dbName, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300");
        MongoDatabase db = mongo.client().getDatabase(dbName);
        db.getCollection("orders").insertOne(new Document("_id", 1).append("qty", 1));
        Thread writes = new Thread(() -> {
            Path anchors = dir.resolve("repo/manifests/anchor");
            Path segments = dir.resolve("repo/manifests/" + dev.prodguard.capture.SegmentManifest.KIND);
            // the snapshot is anchored and capture streams past it: these writes must be replayed, not read
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> java.nio.file.Files.isDirectory(anchors)
                    && java.nio.file.Files.list(anchors).findAny().isPresent() && java.nio.file.Files.isDirectory(segments)
                    && java.nio.file.Files.list(segments).findAny().isPresent());
            db.getCollection("orders").updateOne(Filters.eq("_id", 1), Updates.set("qty", 2));
            db.getCollection("orders").insertOne(new Document("_id", 2));
        });
        writes.start();
        CliRun capture = CliRun.run(env, dir, "capture", "--duration", "6");
        writes.join();
        assertThat(capture.exitCode).as(capture.all()).isZero();
        assertThat(capture.out).contains("capture path: collection streams").contains("snapshot ").contains("capture stopped: ");

        CliRun status = CliRun.run(env, dir, "status");
        assertThat(status.exitCode).as(status.all()).isZero();
        assertThat(status.out).contains("capture:    " + dbName + ": not running, path collection streams")
                .contains("path chosen because the database stream missed the sentinel write").containsPattern("capture \\S+ \\.\\. \\S+");
        CliRun json = CliRun.run(env, dir, "status", "--json");
        JsonNode o = new ObjectMapper().readTree(json.out);
        JsonNode window = null;
        for (JsonNode w : o.path("restorable")) {
            if (w.path("kind").asText().equals("capture")) {
                window = w;
            }
        }
        assertThat(window).as(json.out).isNotNull();
        assertThat(o.path("capture").get(0).path("path").asText()).isEqualTo("collection streams");
        Instant to = Instant.parse(window.path("to").asText());

        CliRun plan = CliRun.run(env, dir, "restore", "--to", to.toString(), "--target-db", dbName + "_r", "--dry-run");
        assertThat(plan.exitCode).as(plan.all()).isZero();
        assertThat(plan.out).contains("5. replay ").doesNotContain("holding 0 change").contains("point in time: " + to).contains("dry run: nothing was written");
        assertThat(mongo.client().listDatabaseNames().into(new java.util.ArrayList<>())).doesNotContain(dbName + "_r");

        CliRun restore = CliRun.run(env, dir, "restore", "--to", to.toString(), "--target-db", dbName + "_r");
        assertThat(restore.exitCode).as(restore.all()).isZero();
        assertThat(restore.out).contains("replayed ").contains("is as of " + to);
        assertThat(CaptureHarness.contents(mongo.client(), dbName + "_r")).isEqualTo(CaptureHarness.contents(mongo.client(), dbName));

        CliRun again = CliRun.run(env, dir, "restore", "--to", to.toString(), "--target-db", dbName + "_r");
        assertThat(again.exitCode).isEqualTo(7);
        assertThat(again.err).contains("is not empty");

        CliRun outside = CliRun.run(env, dir, "restore", "--to", "2020-01-01T00:00:00Z");
        assertThat(outside.exitCode).isEqualTo(7);
        assertThat(outside.err).contains("outside every restorable window (restorable: ").contains(dev.prodguard.text.Instants.humanIso(window.path("from").asText()));

        CliRun noDrop = CliRun.run(env, dir, "restore", "--to", "before-last-drop", "--dry-run");
        assertThat(noDrop.exitCode).isEqualTo(7);
        assertThat(noDrop.err).contains("holds no drop");

        CliRun bad = CliRun.run(env, dir, "restore", "--to", "yesterday");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("--to 'yesterday' is not an instant").doesNotContain("Exception");
        CliRun both = CliRun.run(env, dir, "restore", "--to", "-5m", "--snapshot", "latest");
        assertThat(both.exitCode).isEqualTo(2);
        assertThat(both.err).contains("exactly one of --snapshot");
        CliRun badInterval = CliRun.run(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", dbName, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "soon"), dir, "capture", "--duration", "1");
        assertThat(badInterval.exitCode).isEqualTo(3);
        assertThat(badInterval.err).contains("PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS='soon' (from environment) is not a whole number");
    }

    @Test
    void relativeAndIsoInstants() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:45:00Z"), ZoneOffset.UTC);
        assertThat(RestorePoint.parse("-5m", clock).instant()).isEqualTo(Instant.parse("2026-11-25T10:40:00Z"));
        assertThat(RestorePoint.parse("-90s", clock).instant()).isEqualTo(Instant.parse("2026-11-25T10:43:30Z"));
        assertThat(RestorePoint.parse("-1.5h", clock).instant()).isEqualTo(Instant.parse("2026-11-25T09:15:00Z"));
        assertThat(RestorePoint.parse("2026-11-25T10:41:59.250Z", clock).instant()).isEqualTo(Instant.parse("2026-11-25T10:41:59.250Z"));
        assertThat(RestorePoint.parse("2026-11-25T11:41:59+01:00", clock).instant()).isEqualTo(Instant.parse("2026-11-25T10:41:59Z"));
        assertThat(RestorePoint.parse("before-last-drop", clock).beforeLastDrop()).isTrue();
    }
}
