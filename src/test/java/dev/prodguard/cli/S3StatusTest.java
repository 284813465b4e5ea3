package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.Storage;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.LockingStorage;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.testing.TestS3;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code status} with the repository in a bucket (s3proxy): status reports the object-storage
 * requests and bytes of the last day, what prodguard read from the database against the transfer budget (with a
 * warning near it) and, under Object Lock, how long the newest and oldest snapshots are locked.
 */
class S3StatusTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    @TempDir
    Path dir;

    private Map<String, String> env(String db, String budgetMb) {
        Map<String, String> env = new HashMap<>(s3.env("status"));
        env.putAll(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_TRANSFER_BUDGET_MB", budgetMb));
        return env;
    }

    private static String fill() {
        String db = TestMongo.uniqueDb("s3status");
        MongoDatabase d = mongo.client().getDatabase(db);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            docs.add(new Document("_id", i).append("pad", "x".repeat(1000)));
        }
        d.getCollection("wallets").insertMany(docs);
        return db;
    }

    @Test
    void statusCountsRequestsBytesAndReadsAgainstTheBudget() throws Exception {
        Map<String, String> env = env(fill(), "1");
        CliRun backup = CliRun.run(env, dir, "backup");
        assertThat(backup.exitCode).as(backup.toString()).isZero();
        CliRun status = CliRun.run(env, dir, "status");
        assertThat(status.exitCode).as(status.toString()).isZero();
        assertThat(status.out).containsPattern("storage: +[1-9][0-9]* request\\(s\\) in the last 24 h")
                .contains("read from the database: ").contains("of a 1.0 MiB budget");
        assertThat(status.err).contains("% of the transfer budget");
        assertThat(status.out + status.err).doesNotContain(TestS3.SECRET_KEY);

        JsonNode json = new ObjectMapper().readTree(CliRun.run(env, dir, "status", "--json").out).path("costs");
        assertThat(json.at("/storageLastDay/requests").asLong()).isPositive();
        assertThat(json.at("/storageLastDay/bytesSent").asLong()).isPositive();
        assertThat(json.at("/transfer/readLast7Days").asLong()).isGreaterThan(1_000_000);
        assertThat(json.at("/transfer/warning").asBoolean()).isTrue();
        assertThat(json.path("objectLock").isNull()).isTrue();
    }

    @Test
    void statusShowsTheLockHorizon() throws Exception {
        Map<String, String> env = env(fill(), "10240");
        assertThat(CliRun.run(env, dir, "backup").exitCode).isZero();
        Instant until = Instant.parse("2030-01-01T00:00:00Z");
        java.util.function.UnaryOperator<Storage> locked = s -> {
            LockingStorage l = new LockingStorage(s, Duration.ofDays(30), Clock.systemUTC()) {
                @Override
                public Instant retainedUntil(String key) {
                    return key.startsWith("manifests/snapshot/") ? until : null;
                }
            };
            return l;
        };
        CliRun status = CliRun.run(env, dir, locked, "status");
        assertThat(status.out).contains("object lock: 30 days per restore point; newest snapshot locked until " + until);
    }
}
