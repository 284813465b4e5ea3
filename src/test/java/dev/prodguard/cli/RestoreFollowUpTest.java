package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.DatabaseState;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restore tells people next and leaves behind: the next step after a restore into a new database,
 * a fresh snapshot anchoring the restored state of DB_NAME (so 'latest' is the restored data), and the
 * databases a stopped restore left partial, listed by {@code status} with the command that cleans each up.
 */
class RestoreFollowUpTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String db;
    private Map<String, String> env;
    private String backupId;

    @BeforeEach
    void aBackup() throws Exception {
        db = TestMongo.uniqueDb("followup");
        MongoDatabase d = mongo.client().getDatabase(db);
        d.getCollection("wallets").insertMany(List.of(new Document("_id", 1).append("balance", 10),
                new Document("_id", 2).append("balance", 20)));
        env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
        CliRun b = CliRun.run(env, dir, "backup", "--json");
        assertThat(b.exitCode).as(b.toString()).isZero();
        backupId = JSON.readTree(b.out).path("snapshot").asText();
    }

    @Test
    void aRestoreIntoANewDatabaseSaysWhatToDoNext() throws Exception {
        CliRun r = CliRun.run(env, dir, "restore", "--snapshot", "latest");
        assertThat(r.exitCode).as(r.toString()).isZero();
        String restored = r.out.replaceAll("(?s).*restored snapshot \\S+ into (\\S+?):.*", "$1");
        assertThat(restored).startsWith(db + "_restored_");
        assertThat(r.out).contains("next step: point your application at it with DB_NAME=" + restored)
                .contains("or restore in place: prodguard restore --snapshot " + backupId + " --target-db " + db + " --force");

        CliRun json = CliRun.run(env, dir, "restore", "--snapshot", backupId, "--target-db", db + "_copy", "--json");
        assertThat(json.exitCode).as(json.toString()).isZero();
        JsonNode next = JSON.readTree(json.out).path("nextStep");
        assertThat(next.path("pointAppAt").asText()).isEqualTo("DB_NAME=" + db + "_copy");
        assertThat(next.path("restoreInPlace").asText())
                .isEqualTo("prodguard restore --snapshot " + backupId + " --target-db " + db + " --force");
    }

    @Test
    void aForcedRestoreOfDbNameIsAnchoredByAFreshSnapshotThatLatestThenMeans() throws Exception {
        MongoDatabase d = mongo.client().getDatabase(db);
        Map<String, Map<String, List<String>>> before = DatabaseState.of(mongo.client(), db);
        d.getCollection("wallets").drop(); // the incident
        d.getCollection("junk").insertOne(new Document("_id", "written after the incident"));

        CliRun r = CliRun.run(env, dir, "restore", "--snapshot", backupId, "--target-db", db, "--force", "--json");
        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode o = JSON.readTree(r.out);
        String anchor = o.path("anchorSnapshot").asText();
        assertThat(anchor).isNotBlank().isNotEqualTo(backupId).isNotEqualTo(o.path("safetySnapshot").asText());
        assertThat(o.path("nextStep").isMissingNode() || o.path("nextStep").isNull()).as("restored in place").isTrue();

        CliRun list = CliRun.run(env, dir, "list", "--json");
        List<String> regular = new ArrayList<>();
        for (JsonNode s : JSON.readTree(list.out).path("snapshots")) {
            if (s.path("db").asText().equals(db) && s.path("purpose").asText().equals("backup")) {
                regular.add(s.path("id").asText());
            }
        }
        assertThat(regular).containsExactly(backupId, anchor);

        Map<String, Map<String, List<String>>> restored = DatabaseState.of(mongo.client(), db);
        CliRun latest = CliRun.run(env, dir, "restore", "--snapshot", "latest", "--target-db", db + "_latest");
        assertThat(latest.exitCode).as(latest.toString()).isZero();
        assertThat(latest.out).contains("restored snapshot " + anchor);
        assertThat(DatabaseState.of(mongo.client(), db + "_latest")).isEqualTo(restored);
        assertThat(restored.keySet()).containsExactly("junk", "wallets"); // --force replaces what the snapshot holds
        assertThat(restored.get("wallets")).isEqualTo(before.get("wallets"));

        CliRun text = CliRun.run(env, dir, "restore", "--snapshot", backupId, "--target-db", db, "--force");
        assertThat(text.exitCode).as(text.toString()).isZero();
        assertThat(text.out).containsPattern("anchored the restored state of " + db + ": snapshot \\S+ \\(now 'latest'\\)");
    }

    @Test
    void whenTheAnchorSnapshotFailsTheRestoreStillSucceededAndSaysSo() throws Exception {
        mongo.client().getDatabase(db).drop();
        mongo.client().getDatabase(db).getCollection("prodguard_heartbeat").insertOne(new Document("_id", "capture"));
        try (Repository repo = Repository.open(new FileStorage(dir.resolve("repo")), null);
                OperationLock held = repo.lock("repo", "backup (another process)", Duration.ofMinutes(5),
                        java.time.Clock.systemUTC())) {
            CliRun r = CliRun.run(env, dir, "restore", "--snapshot", backupId, "--target-db", db);
            assertThat(r.exitCode).as(r.toString()).isZero();
            assertThat(r.out).contains("restored snapshot " + backupId + " into " + db);
            assertThat(r.err).contains("warning: the restore succeeded, but the snapshot anchoring it failed")
                    .contains("backup (another process)").contains("run 'prodguard backup'");
        }
    }

    @Test
    void statusListsTheDatabasesAStoppedOrRunningRestoreHoldsWithTheCommandThatCleansEachUp() throws Exception {
        String partial = db + "_partial";
        String running = db + "_running";
        mongo.client().getDatabase(partial).getCollection("wallets").insertOne(new Document("_id", 1));
        marker(partial, Instant.now().minus(Duration.ofMinutes(10)));
        marker(running, Instant.now());

        CliRun s = CliRun.run(env, dir, "status");
        assertThat(s.exitCode).as(s.toString()).isZero();
        assertThat(s.out).contains("restore markers:")
                .contains(partial + ": PARTIAL data of a restore that stopped")
                .contains("prodguard restore --snapshot " + backupId + " --target-db " + partial + " --force")
                .contains("drop database " + partial)
                .contains(running + ": a restore is running (host other-host, pid 4242");

        JsonNode json = JSON.readTree(CliRun.run(env, dir, "status", "--json").out).path("restoreMarkers");
        assertThat(json.path("checked").asBoolean()).isTrue();
        assertThat(json.path("databases").findValuesAsText("db")).contains(partial, running);

        Map<String, String> unreachable = new HashMap<>(env);
        unreachable.put("MONGO_URL", "mongodb://127.0.0.1:1");
        unreachable.put("PRODGUARD_CONNECT_TIMEOUT_MS", "500");
        CliRun u = CliRun.run(unreachable, dir, "status");
        assertThat(u.exitCode).as(u.toString()).isZero();
        assertThat(u.out).contains("restore markers: unknown");
    }

    private void marker(String target, Instant heartbeat) {
        mongo.client().getDatabase(target).getCollection("prodguard_restore_in_progress").insertOne(new Document("_id", "restore")
                .append("token", "t-" + target).append("host", "other-host").append("pid", 4242L).append("operation", "restore")
                .append("source", "snapshot " + backupId).append("started", Date.from(heartbeat.minusSeconds(5)))
                .append("heartbeat", Date.from(heartbeat)).append("safetySnapshot", null));
    }
}
