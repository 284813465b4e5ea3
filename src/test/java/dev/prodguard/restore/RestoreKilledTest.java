package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.DatabaseState;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore SIGKILLed half-way (a real JVM): {@code status} lists its target as partial with the commands
 * that clean it up, a plain restore into it is refused naming the partial state, and {@code --force}
 * restores it exactly (documents and indexes) after a safety snapshot labelled as partial data.
 */
class RestoreKilledTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COLLECTIONS = 3;
    private static final int DOCUMENTS = 5_000;

    @TempDir
    Path dir;

    @Test
    void aRestoreKilledHalfWayIsShownRefusedAndThenRestoredExactly() throws Exception {
        String db = TestMongo.uniqueDb("killed");
        MongoDatabase src = mongo.client().getDatabase(db);
        Random r = new Random(14);
        for (int c = 0; c < COLLECTIONS; c++) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                byte[] pad = new byte[200];
                r.nextBytes(pad);
                docs.add(new Document("_id", i).append("owner", "u" + i).append("pad", new Binary(pad)));
            }
            src.getCollection("c" + c).insertMany(docs);
        }
        src.getCollection("c0").createIndex(Indexes.ascending("owner"), new IndexOptions().unique(true).name("owner_unique"));
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO",
                dir.resolve("repo").toString(), "PRODGUARD_PARALLELISM", "1");
        CliRun backup = CliRun.run(env, dir, "backup", "--json");
        assertThat(backup.exitCode).as(backup.toString()).isZero();
        String id = JSON.readTree(backup.out).path("snapshot").asText();

        String target = db + "_target";
        MongoDatabase t = mongo.client().getDatabase(target);
        Process p = Subprocess.prodguard(env, dir, List.of("-Xmx128m"), "restore", "--snapshot", id, "--target-db", target)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                .until(() -> loaded(t) > 0 || !p.isAlive());
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long loaded = loaded(t);
        assertThat(loaded).as("killed half-way (exit %d)", p.exitValue()).isBetween(1L, COLLECTIONS * (long) DOCUMENTS - 1);

        CliRun status = CliRun.run(env, dir, "status");
        assertThat(status.out).as(status.toString()).contains(target + ": PARTIAL data of a restore that stopped")
                .contains("that process no longer exists on this host")
                .contains("prodguard restore --snapshot " + id + " --target-db " + target + " --force")
                .contains("drop database " + target);

        CliRun plain = CliRun.run(env, dir, "restore", "--snapshot", id, "--target-db", target);
        assertThat(plain.exitCode).as(plain.toString()).isEqualTo(7);
        assertThat(plain.err).contains(target + " holds PARTIAL data of a restore that stopped").doesNotContain("Exception");
        assertThat(loaded(t)).as("nothing written by the refused restore").isEqualTo(loaded);

        CliRun forced = CliRun.run(env, dir, "restore", "--snapshot", id, "--target-db", target, "--force", "--json");
        assertThat(forced.exitCode).as(forced.toString()).isZero();
        assertThat(DatabaseState.of(mongo.client(), target)).isEqualTo(DatabaseState.of(mongo.client(), db));
        assertThat(t.listCollectionNames().into(new ArrayList<>())).doesNotContain(RestoreMarker.COLLECTION);
        JsonNode o = JSON.readTree(forced.out);
        try (Repository repo = Repository.open(new FileStorage(dir.resolve("repo")), null)) {
            SnapshotManifest safety = new SnapshotCatalog(repo).load(o.path("safetySnapshot").asText());
            assertThat(safety.isSafety()).isTrue();
            assertThat(safety.note()).startsWith("partial data of a restore killed at ");
            assertThat(safety.documents()).isEqualTo(loaded);
        }
        CliRun after = CliRun.run(env, dir, "status");
        assertThat(after.out).contains("restore markers: none");
    }

    private static long loaded(MongoDatabase db) {
        long n = 0;
        for (String c : db.listCollectionNames()) {
            if (!c.startsWith("prodguard_")) {
                n += db.getCollection(c).countDocuments();
            }
        }
        return n;
    }
}
