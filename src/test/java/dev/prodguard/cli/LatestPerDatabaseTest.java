package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.config.Secrets;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One repository for several databases is a normal set-up: {@code latest} is the newest snapshot of the
 * database being protected ({@code DB_NAME}), and never a safety snapshot taken before a forced restore.
 */
class LatestPerDatabaseTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        Secrets.clearForTests();
    }

    private Map<String, String> env(String db) {
        return new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
    }

    private static List<Document> docs(String db, String coll) {
        return mongo.client().getDatabase(db).getCollection(coll).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    @Test
    void latestIsPerDatabaseAndNeverASafetySnapshot() throws Exception {
        String a = TestMongo.uniqueDb("lata");
        String b = TestMongo.uniqueDb("latb");
        MongoDatabase da = mongo.client().getDatabase(a);
        da.getCollection("wallets").insertMany(List.of(new Document("_id", 1).append("owner", "a"),
                new Document("_id", 2).append("owner", "a")));
        mongo.client().getDatabase(b).getCollection("wallets").insertOne(new Document("_id", 1).append("owner", "b"));
        assertThat(CliRun.run(env(a), dir, "backup").exitCode).isZero();
        assertThat(CliRun.run(env(b), dir, "backup").exitCode).isZero();

        // b's newest snapshot is newer, but DB_NAME=a means a's
        CliRun r = CliRun.run(env(a), dir, "restore", "--snapshot", "latest", "--target-db", a + "_r1");
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(docs(a + "_r1", "wallets")).extracting(d -> d.getString("owner")).containsExactly("a", "a");

        // --db names another database explicitly, whatever DB_NAME says
        r = CliRun.run(env(a), dir, "restore", "--snapshot", "latest", "--db", b, "--target-db", b + "_r1");
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(docs(b + "_r1", "wallets")).extracting(d -> d.getString("owner")).containsExactly("b");

        // a forced restore over a takes a safety snapshot of a (here: of an emptied a); it is not 'latest'
        da.drop();
        da.getCollection("scratch").insertOne(new Document("_id", "left after the wipe"));
        r = CliRun.run(env(a), dir, "restore", "--snapshot", "latest", "--target-db", a, "--force");
        assertThat(r.exitCode).as("%s", r).isZero();
        r = CliRun.run(env(a), dir, "restore", "--snapshot", "latest", "--target-db", a + "_r2");
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(docs(a + "_r2", "wallets")).hasSize(2);
        // 'latest' is now the snapshot anchoring the restored a (wallets back, scratch left alone by --force),
        // never the safety copy (scratch alone)
        assertThat(mongo.client().getDatabase(a + "_r2").listCollectionNames().into(new ArrayList<>()))
                .containsExactlyInAnyOrder("wallets", "scratch");

        // the safety snapshot is listed as such and restorable by id
        JsonNode list = new ObjectMapper().readTree(CliRun.run(env(a), dir, "list", "--json").out);
        List<JsonNode> safety = new ArrayList<>();
        list.get("snapshots").forEach(s -> {
            if ("safety".equals(s.path("purpose").asText())) {
                safety.add(s);
            }
        });
        assertThat(safety).singleElement().satisfies(s -> assertThat(s.path("db").asText()).isEqualTo(a));
        r = CliRun.run(env(a), dir, "restore", "--snapshot", safety.get(0).path("id").asText(), "--target-db", a + "_r3");
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(docs(a + "_r3", "scratch")).hasSize(1);

        // export and verify --restore take a's latest too
        r = CliRun.run(env(a), dir, "export", dir.resolve("export").toString());
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(dir.resolve("export").resolve(a).resolve("wallets.bson")).exists();
        r = CliRun.run(env(a), dir, "verify", "--restore");
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(r.out).contains("2 collection(s) compared");
    }
}
