package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.Secrets;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore test of a snapshot that holds no collection proves nothing: it never passes ("nothing to
 * test"), and the go-live checklist's backup item does not turn ✓ on it.
 */
class NothingToTestTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        Secrets.clearForTests();
    }

    @Test
    void anEmptySnapshotIsNothingToTestNotAPass() throws Exception {
        String db = TestMongo.uniqueDb("emptyverify");
        String other = TestMongo.uniqueDb("hasdata");
        mongo.client().getDatabase(other).getCollection("orders").insertOne(new Document("_id", 1));
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        CliRun backup = CliRun.run(env, dir, "backup");
        assertThat(backup.exitCode).as("%s", backup).isZero();

        CliRun verify = CliRun.run(env, dir, "verify", "--restore");
        assertThat(verify.exitCode).as("%s", verify).isEqualTo(1);
        assertThat(verify.all()).contains("NOTHING TO TEST").doesNotContain("PASSED");

        CliRun json = CliRun.run(env, dir, "verify", "--restore", "--json");
        JsonNode o = new ObjectMapper().readTree(json.out);
        assertThat(o.at("/restoreTest/nothingToTest").asBoolean()).isTrue();
        assertThat(o.at("/ok").asBoolean()).isFalse();

        CliRun status = CliRun.run(env, dir, "status");
        assertThat(status.out).contains("last restore test: NOTHING TO TEST");

        CliRun check = CliRun.run(env, dir, "check", "--stage", "post-live", "--json");
        JsonNode items = new ObjectMapper().readTree(check.out).get("items");
        JsonNode backups = null;
        for (JsonNode i : items) {
            if (i.path("id").asText().equals("backups")) {
                backups = i;
            }
        }
        assertThat(backups).isNotNull();
        assertThat(backups.path("status").asText()).as("%s", backups).isNotEqualTo("pass");
        assertThat(backups.path("detail").asText()).contains("NOTHING TO TEST");
    }
}
