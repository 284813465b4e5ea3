package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.repo.MirroredStorage;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.repo.Storage;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.testing.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PRODGUARD_REPO_MIRROR}: a local directory plus a bucket. Every committed object and manifest reaches both; a
 * backup made while the mirror is away succeeds, the mirror's health says so and a sync catches it up; a restore reads
 * whichever copy is whole when the primary's are damaged or gone.
 */
class MirrorTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    private Map<String, String> env(String db) {
        Map<String, String> s3env = s3.env("mirror");
        Map<String, String> env = new HashMap<>(s3env);
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_REPO_MIRROR", s3env.get("PRODGUARD_REPO"));
        env.putAll(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
        return env;
    }

    private static String fill(int n) {
        String db = TestMongo.uniqueDb("mirror");
        MongoDatabase d = mongo.client().getDatabase(db);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(new Document("_id", i).append("balance", i * 3));
        }
        d.getCollection("wallets").insertMany(docs);
        return db;
    }

    private static List<Document> wallets(String db) {
        return mongo.client().getDatabase(db).getCollection("wallets").find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    @Test
    void aRestoreReadsWhicheverCopyIsWhole() throws Exception {
        String db = fill(500);
        Map<String, String> env = env(db);
        CliRun backup = CliRun.run(env, dir, "backup");
        assertThat(backup.exitCode).as(backup.toString()).isZero();
        Storage mirrored = RepositoryFactory.storage(new SettingsLoader(env, dir, dir).load());
        Storage mirror = mirrored.copies().get(1);
        List<String> onMirror = mirror.list("");
        assertThat(onMirror).anyMatch(k -> k.startsWith("manifests/snapshot/")).anyMatch(k -> k.startsWith("data/"))
                .contains("prodguard-repo.json");

        // the primary loses its snapshot manifest and one data object gets a flipped byte
        Path repo = dir.resolve("repo");
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = repo.relativize(f).toString();
                if (rel.startsWith("manifests/snapshot/")) {
                    Files.delete(f);
                } else if (rel.startsWith("data/")) {
                    byte[] b = Files.readAllBytes(f);
                    b[b.length / 2] ^= 0x10;
                    Files.write(f, b);
                }
            }
        }
        CliRun restore = CliRun.run(env, dir, "restore", "--snapshot", "latest", "--target-db", db + "_r");
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        assertThat(wallets(db + "_r")).isEqualTo(wallets(db));
    }

    @Test
    void aBackupWhileTheMirrorIsAwaySucceedsAndASyncCatchesItUp() throws Exception {
        String db = fill(200);
        Map<String, String> env = env(db);
        Settings settings = new SettingsLoader(env, dir, dir).load();
        MirroredStorage mirrored = (MirroredStorage) RepositoryFactory.storage(settings);
        assertThat(CliRun.run(env, dir, "backup").exitCode).isZero();
        s3.stop();
        CliRun away;
        try {
            away = CliRun.run(env, dir, "backup", "--json");
        } finally {
            s3.start();
        }
        assertThat(away.exitCode).as(away.toString()).isZero();
        String second = new ObjectMapper().readTree(away.out).path("snapshot").asText();
        Storage mirror = mirrored.copies().get(1);
        assertThat(mirror.list("manifests/snapshot/")).hasSize(1);

        assertThat(mirrored.resync()).isPositive();
        assertThat(mirror.list("manifests/snapshot/")).hasSize(2).anyMatch(k -> k.contains(second));
        assertThat(mirror.list("data/")).isEqualTo(mirrored.copies().get(0).list("data/"));
        assertThat(mirrored.health()).extracting(Storage.TargetHealth::failingSince).containsOnlyNulls();
    }
}
