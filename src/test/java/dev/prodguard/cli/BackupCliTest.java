package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** backup, list, status, restore, verify and export through the CLI, with the bad inputs users type. */
class BackupCliTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String db;
    private Map<String, String> env;

    @BeforeEach
    void seed() {
        db = TestMongo.uniqueDb("shop");
        env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO",
                dir.resolve("repo").toString()));
        MongoDatabase d = mongo.client().getDatabase(db);
        List<Document> wallets = new ArrayList<>();
        List<Document> ledger = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Decimal128 bal = Decimal128.parse(i + ".25");
            wallets.add(new Document("_id", "w" + i).append("balance", bal));
            ledger.add(new Document("_id", i).append("wallet", "w" + i).append("amount", bal));
        }
        d.getCollection("wallets").insertMany(wallets);
        d.getCollection("ledger").insertMany(ledger);
        d.getCollection("prodguard_heartbeat").insertOne(new Document("_id", 1));
    }

    private CliRun run(String... args) {
        return CliRun.run(env, dir, args);
    }

    private String backupId() throws Exception {
        CliRun r = run("backup", "--json");
        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode o = JSON.readTree(r.out);
        assertThat(o.path("documents").asLong()).isEqualTo(600);
        return o.path("snapshot").asText();
    }

    @Test
    void backupListStatusAndDefaultRestore() throws Exception {
        CliRun human = run("backup");
        assertThat(human.exitCode).as(human.toString()).isZero();
        assertThat(human.out).contains("2 collection(s)").contains("600 document(s)");
        String id = backupId();

        JsonNode list = JSON.readTree(run("list", "--json").out);
        assertThat(list.path("snapshots")).hasSize(2);
        assertThat(list.path("snapshots").get(1).path("id").asText()).isEqualTo(id);
        assertThat(run("list").out).contains(id).contains(db);

        JsonNode status = JSON.readTree(run("status", "--json").out);
        assertThat(status.path("snapshotCount").asInt()).isEqualTo(2);
        assertThat(status.path("restorable").get(1).path("snapshotId").asText()).isEqualTo(id);
        assertThat(run("status").out).contains("restorable:").contains("last restore test: never")
                .doesNotContain("running:");
        try (dev.prodguard.repo.Repository repo = dev.prodguard.repo.Repository.open(
                new dev.prodguard.repo.FileStorage(dir.resolve("repo")), null);
             dev.prodguard.repo.OperationLock held = repo.lock("repo", "backup", java.time.Duration.ofMinutes(1),
                     java.time.Clock.systemUTC())) {
            assertThat(run("status").out).contains("running:    backup on");
            CliRun locked = run("backup");
            assertThat(locked.exitCode).as(locked.toString()).isEqualTo(8);
        }

        CliRun dry = run("restore", "--snapshot", "latest", "--dry-run");
        assertThat(dry.exitCode).as(dry.toString()).isZero();
        assertThat(dry.out).contains("restore plan").contains(db + "_restored_").contains("nothing was written");
        assertThat(mongo.client().listDatabaseNames().into(new ArrayList<>())).noneMatch(n -> n.startsWith(db + "_restored_"));

        CliRun restore = run("restore", "--snapshot", id, "--json");
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        JsonNode r = JSON.readTree(restore.out);
        String target = r.path("targetDb").asText();
        assertThat(target).startsWith(db + "_restored_");
        assertThat(r.path("documents").asLong()).isEqualTo(600);
        assertThat(mongo.client().getDatabase(target).getCollection("wallets").countDocuments()).isEqualTo(300);
        assertThat(mongo.client().getDatabase(target).listCollectionNames().into(new ArrayList<>()))
                .doesNotContain("prodguard_heartbeat");
    }

    @Test
    void badInputGetsOneLineAndExitCode() throws Exception {
        backupId();
        CliRun unknown = run("restore", "--snapshot", "latest", "--frobnicate");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("--frobnicate").doesNotContain("\tat ");

        CliRun nosuch = run("restore", "--snapshot", "nosuch");
        assertThat(nosuch.exitCode).isEqualTo(2);
        assertThat(nosuch.err).contains("no snapshot 'nosuch'").contains("prodguard list").doesNotContain("\tat ");

        CliRun missing = run("restore");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("--snapshot");

        CliRun badTarget = run("restore", "--snapshot", "latest", "--target-db", "bad/name");
        assertThat(badTarget.exitCode).isEqualTo(2);

        CliRun verifyNosuch = run("verify", "--snapshot", "nosuch");
        assertThat(verifyNosuch.exitCode).isEqualTo(2);
        CliRun exportNosuch = run("export", "--snapshot", "nosuch", "out");
        assertThat(exportNosuch.exitCode).isEqualTo(2);

        Map<String, String> noRepo = new HashMap<>(env);
        noRepo.put("PRODGUARD_REPO", dir.resolve("nowhere").toString());
        CliRun listNone = CliRun.run(noRepo, dir, "list");
        assertThat(listNone.exitCode).as(listNone.toString()).isEqualTo(5);
        assertThat(listNone.err).contains("nowhere").doesNotContain("\tat ");

        Map<String, String> emptyDb = new HashMap<>(env);
        emptyDb.put("DB_NAME", TestMongo.uniqueDb("nothing"));
        CliRun empty = CliRun.run(emptyDb, dir, "backup");
        assertThat(empty.exitCode).as(empty.toString()).isZero();
        assertThat(empty.err).contains("WARNING: database").contains("holds no collections").contains("DB_NAME");
    }

    @Test
    void nonEmptyTargetIsRefusedWithoutForceAndSnapshottedWithIt() throws Exception {
        String id = backupId();
        MongoDatabase target = mongo.client().getDatabase(db + "_live");
        target.getCollection("wallets").insertOne(new Document("_id", "only-in-target"));
        target.getCollection("other").insertOne(new Document("_id", 1));

        CliRun refused = run("restore", "--snapshot", id, "--target-db", db + "_live");
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(7);
        assertThat(refused.err).contains("not empty").contains("--force").contains("nothing was written");
        assertThat(target.getCollection("wallets").countDocuments()).isEqualTo(1);
        assertThat(JSON.readTree(run("list", "--json").out).path("snapshots")).hasSize(1);

        CliRun forced = run("restore", "--snapshot", id, "--target-db", db + "_live", "--force");
        assertThat(forced.exitCode).as(forced.toString()).isZero();
        assertThat(forced.out).containsPattern("safety snapshot \\S+ of " + db + "_live taken first");
        JsonNode snaps = JSON.readTree(run("list", "--json").out).path("snapshots");
        assertThat(snaps).hasSize(2);
        JsonNode safety = snaps.get(1);
        assertThat(safety.path("db").asText()).isEqualTo(db + "_live");
        assertThat(safety.path("documents").asLong()).isEqualTo(2);
        assertThat(target.getCollection("wallets").countDocuments()).isEqualTo(300);
        assertThat(target.getCollection("wallets").find(new Document("_id", "only-in-target")).first()).isNull();
        assertThat(target.getCollection("other").countDocuments()).isEqualTo(1); // not in the snapshot: untouched

        // the safety snapshot brings the old target back
        CliRun back = run("restore", "--snapshot", safety.path("id").asText(), "--target-db", db + "_back");
        assertThat(back.exitCode).as(back.toString()).isZero();
        assertThat(mongo.client().getDatabase(db + "_back").getCollection("wallets").find().first())
                .isEqualTo(new Document("_id", "only-in-target"));
    }

    @Test
    void includeAndExcludeSelectCollections() throws Exception {
        String id = backupId();
        CliRun r = run("restore", "--snapshot", id, "--target-db", db + "_inc", "--include", db + ".wall*");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(mongo.client().getDatabase(db + "_inc").listCollectionNames().into(new ArrayList<>()))
                .containsExactly("wallets");
        CliRun x = run("restore", "--snapshot", id, "--target-db", db + "_exc", "--exclude", "wallets");
        assertThat(x.exitCode).as(x.toString()).isZero();
        assertThat(mongo.client().getDatabase(db + "_exc").listCollectionNames().into(new ArrayList<>()))
                .containsExactly("ledger");
        CliRun none = run("restore", "--snapshot", id, "--include", "nothing.here");
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("left nothing to restore");
    }

    @Test
    void verifyRestoreChecksInvariantsAndRecordsTheOutcome() throws Exception {
        backupId();
        Files.writeString(dir.resolve("prodguard.yml"), """
                invariants:
                  - name: wallet balances equal the ledger
                    collection: wallets
                    pipeline: [{"$group": {"_id": null, "total": {"$sum": "$balance"}}}]
                    equals:
                      collection: ledger
                      pipeline: [{"$group": {"_id": null, "total": {"$sum": "$amount"}}}]
                  - name: total is known
                    collection: wallets
                    pipeline: [{"$group": {"_id": null, "total": {"$sum": "$balance"}}}]
                    expect: [{"_id": null, "total": {"$numberDecimal": "44925.0"}}]
                """);
        CliRun ok = run("verify", "--restore");
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        assertThat(ok.out).contains("restore test of snapshot").contains("PASSED")
                .contains("invariant wallet balances equal the ledger: holds").contains("invariant total is known: holds");
        assertThat(mongo.client().listDatabaseNames().into(new ArrayList<>())).noneMatch(n -> n.startsWith("prodguard_verify_"));
        assertThat(run("status").out).contains("last restore test: PASSED");

        Files.writeString(dir.resolve("prodguard.yml"), """
                invariants:
                  - name: wrong total
                    collection: wallets
                    pipeline: [{"$group": {"_id": null, "total": {"$sum": "$balance"}}}]
                    expect: {"_id": null, "total": {"$numberDecimal": "1"}}
                """);
        CliRun bad = run("verify", "--restore", "--json");
        assertThat(bad.exitCode).as(bad.toString()).isEqualTo(1);
        JsonNode o = JSON.readTree(bad.out);
        assertThat(o.path("ok").asBoolean()).isFalse();
        assertThat(o.path("restoreTest").path("invariants").get(0).path("detail").asText()).contains("44925");
        assertThat(JSON.readTree(run("status", "--json").out).path("lastRestoreTest").path("ok").asBoolean()).isFalse();
    }

    @Test
    void exportWritesAMongodumpDirectoryAndRefusesANonEmptyOne() throws Exception {
        String id = backupId();
        Path out = dir.resolve("dump");
        CliRun r = run("export", "--snapshot", id, out.toString());
        assertThat(r.exitCode).as(r.toString()).isZero();
        Path bson = out.resolve(db).resolve("wallets.bson");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (org.bson.RawBsonDocument d : mongo.client().getDatabase(db).getCollection("wallets", org.bson.RawBsonDocument.class).find()) {
            java.nio.ByteBuffer b = d.getByteBuffer().asNIO();
            expected.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        assertThat(Files.readAllBytes(bson)).isEqualTo(expected.toByteArray());
        JsonNode meta = JSON.readTree(out.resolve(db).resolve("wallets.metadata.json").toFile());
        assertThat(meta.path("collectionName").asText()).isEqualTo("wallets");
        assertThat(meta.path("type").asText()).isEqualTo("collection");
        assertThat(meta.path("indexes").get(0).path("name").asText()).isEqualTo("_id_");
        assertThat(meta.has("options")).isTrue();

        CliRun again = run("export", "--snapshot", id, out.toString());
        assertThat(again.exitCode).isEqualTo(7);
        assertThat(again.err).contains("not empty").contains("--force");
        assertThat(run("export", "--snapshot", id, "--force", out.toString()).exitCode).isZero();
    }
}
