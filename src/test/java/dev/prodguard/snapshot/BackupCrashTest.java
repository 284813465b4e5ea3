package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.verify.RepositoryVerifier;
import dev.prodguard.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random points of a {@code backup} process: {@code list} never shows an incomplete
 * snapshot, every listed snapshot verifies, and the first snapshot still restores byte for byte.
 */
class BackupCrashTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void threeKills() throws Exception {
        trials(3, 11);
    }

    @Test
    @Tag("slow")
    void twentyFiveKills() throws Exception {
        trials(25, 12);
    }

    private void trials(int n, long seed) throws Exception {
        String db = TestMongo.uniqueDb("crash");
        MongoDatabase src = mongo.client().getDatabase(db);
        Random r = new Random(seed);
        for (int c = 0; c < 3; c++) {
            List<BsonDocument> docs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] pad = new byte[2048];
                r.nextBytes(pad);
                docs.add(new BsonDocument("_id", new BsonInt32(i)).append("pad", new BsonBinary(pad)));
            }
            src.getCollection("c" + c, BsonDocument.class).insertMany(docs);
        }
        Path repo = dir.resolve("repo");
        // small objects: many commit points for the kill to fall between
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", repo.toString());
        CliRun first = CliRun.run(env, dir, "backup", "--json");
        assertThat(first.exitCode).as(first.toString()).isZero();
        String firstId = JSON.readTree(first.out).path("snapshot").asText();

        // a complete run measures how long the backup works once it holds the repository lock
        Path lock = repo.resolve("locks").resolve("repo.lock");
        Process fullRun = Subprocess.prodguard(env, dir, List.of("-Xmx128m"), "backup")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        awaitWorking(fullRun, lock);
        long start = System.nanoTime();
        assertThat(fullRun.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(fullRun.exitValue()).isZero();
        long fullMillis = Math.max(1, (System.nanoTime() - start) / 1_000_000);

        List<String> listed = ids(env);
        int killedBeforeCommit = 0;
        for (int t = 0; t < n; t++) {
            Process p = Subprocess.prodguard(env, dir, List.of("-Xmx128m"), "backup")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            awaitWorking(p, lock);
            long delay = (long) (r.nextDouble() * fullMillis * 1.3); // the tail covers kills after the commit point
            boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS); // waits for the process, not for time
            p.destroyForcibly().waitFor();
            List<String> now = ids(env);
            assertThat(now).as("trial %d after %d ms", t, delay).containsAll(listed);
            assertThat(now.size() - listed.size()).isBetween(0, 1);
            if (now.size() == listed.size()) {
                killedBeforeCommit++;
            }
            try (Repository rep = Repository.open(new FileStorage(repo), null)) {
                VerifyReport v = new RepositoryVerifier(rep).verify(null);
                assertThat(v.problems()).as("trial %d after %d ms (finished=%s)", t, delay, finished).isEmpty();
                for (String id : now) {
                    assertThat(new SnapshotCatalog(rep).load(id).documents()).isEqualTo(1200);
                }
            }
            listed = now;
        }
        int debris;
        try (Repository rep = Repository.open(new FileStorage(repo), null)) {
            debris = new RepositoryVerifier(rep).verify(null).unreferenced();
        }
        System.out.printf("crash: %d kills (backup works %d ms once locked), %d before the commit point, %d debris"
                + " object(s) left unlisted%n", n, fullMillis, killedBeforeCommit, debris);

        try (Repository rep = Repository.open(new FileStorage(repo), null)) {
            String target = db + "_r";
            new RestoreExecutor(mongo.client(), rep, RestoreOptions.defaults(), Clock.systemUTC())
                    .execute(RestorePlanner.forSnapshot(rep, firstId, RestoreRequest.defaults().withTargetDb(target)));
            for (int c = 0; c < 3; c++) {
                assertThat(RawCompare.documents(mongo.client().getDatabase(target), "c" + c))
                        .isEqualTo(RawCompare.documents(src, "c" + c));
            }
        }
    }

    /** Waits until the backup process holds the repository lock (it is working) or has ended. */
    private static void awaitWorking(Process p, Path lock) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(2)).until(() -> java.nio.file.Files.exists(lock) || !p.isAlive());
    }

    private static List<String> ids(Map<String, String> env) throws Exception {
        CliRun list = CliRun.run(env, Path.of("."), "list", "--json");
        assertThat(list.exitCode).as(list.toString()).isZero();
        List<String> ids = new ArrayList<>();
        for (JsonNode s : JSON.readTree(list.out).path("snapshots")) {
            ids.add(s.path("id").asText());
        }
        return ids;
    }
}
