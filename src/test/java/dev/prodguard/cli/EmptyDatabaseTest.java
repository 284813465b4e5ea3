package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped DB_NAME (issue 13 points 3 and 7): {@code doctor} says the database holds no collections and names
 * the databases that do; {@code backup} warns loudly before committing and marks its JSON {@code "empty": true}.
 * prodguard's own collections never count as data. Both still exit 0.
 */
class EmptyDatabaseTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Map<String, String> env(String db) {
        return new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
    }

    private String withData() {
        String real = TestMongo.uniqueDb("exchange");
        mongo.client().getDatabase(real).getCollection("wallets").insertOne(new Document("user", "ada"));
        return real;
    }

    private String onlyProdguardsOwn() {
        String db = TestMongo.uniqueDb("exchnage");
        mongo.client().getDatabase(db).getCollection("prodguard_meta").insertOne(new Document("_id", "environment"));
        mongo.client().getDatabase(db).getCollection("prodguard_heartbeat").insertOne(new Document("_id", 1));
        return db;
    }

    @Test
    void doctorSaysTheDatabaseHoldsNoCollectionsAndNamesThoseThatDo() throws Exception {
        String real = withData();
        String typo = TestMongo.uniqueDb("exchnage");
        CliRun r = CliRun.run(env(typo), dir, "doctor");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("database " + typo + " holds no collections").contains(real)
                .contains("is DB_NAME mistyped?");
        assertThat(r.out).doesNotContainPattern("(?m)^.*holds no collections.*\\b(admin|local|config)\\b.*$");

        JsonNode j = JSON.readTree(CliRun.run(env(typo), dir, "doctor", "--json").out);
        assertThat(j.at("/databaseContents/empty").asBoolean()).isTrue();
        assertThat(j.at("/databaseContents/databasesWithData").findValuesAsText("name")).contains(real)
                .doesNotContain("admin", "local", "config", typo);

        String own = onlyProdguardsOwn();
        assertThat(CliRun.run(env(own), dir, "doctor").out).as("prodguard's own collections are not data")
                .contains("database " + own + " holds no collections");

        CliRun fine = CliRun.run(env(real), dir, "doctor", "--json");
        assertThat(fine.exitCode).isZero();
        assertThat(JSON.readTree(fine.out).at("/databaseContents/empty").asBoolean(true)).isFalse();
        assertThat(CliRun.run(env(real), dir, "doctor").out).doesNotContain("holds no collections");
    }

    @Test
    void backupOfAnEmptyDatabaseWarnsLoudlyBeforeCommittingAndSaysSoInJson() throws Exception {
        String real = withData();
        String own = onlyProdguardsOwn();
        CliRun r = CliRun.run(env(own), dir, "backup");
        assertThat(r.exitCode).as(r.toString()).isZero();
        String warning = r.err.lines().filter(l -> l.startsWith("WARNING")).findFirst().orElse("");
        assertThat(warning).as(r.toString()).contains("database " + own + " holds no collections of its own")
                .contains(real).contains("DB_NAME");

        CliRun j = CliRun.run(env(own), dir, "backup", "--json");
        assertThat(j.exitCode).isZero();
        JsonNode o = JSON.readTree(j.out);
        assertThat(o.get("empty").asBoolean()).isTrue();
        assertThat(o.get("databasesWithData").findValuesAsText("name")).contains(real).doesNotContain(own);

        CliRun missing = CliRun.run(env(TestMongo.uniqueDb("nothing")), dir, "backup", "--json");
        assertThat(JSON.readTree(missing.out).get("empty").asBoolean()).isTrue();
        assertThat(missing.err).contains("WARNING");

        CliRun normal = CliRun.run(env(real), dir, "backup", "--json");
        assertThat(JSON.readTree(normal.out).get("empty").asBoolean()).isFalse();
        assertThat(normal.err).doesNotContain("WARNING");
    }
}
