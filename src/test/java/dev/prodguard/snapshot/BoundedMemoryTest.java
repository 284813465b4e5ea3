package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.verify.RepositoryVerifier;
import dev.prodguard.verify.VerifyReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} run as a real JVM with a small heap snapshots a database at least ten times that
 * heap: everything streams. The embedded server runs here without an oplog (so the test JVM holds
 * the data once); the backup process sees only the wire.
 */
class BoundedMemoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void backupOf340MbWithA32MbHeap() throws Exception {
        run(32, 345L * 1024 * 1024);
    }

    @Test
    @Tag("slow")
    void backupOf700MbWithA64MbHeap() throws Exception {
        run(64, 720L * 1024 * 1024);
    }

    @Test
    @Tag("slow")
    void backupOf1300MbWithA128MbHeap() throws Exception {
        run(128, 1340L * 1024 * 1024);
    }

    private void run(int heapMb, long rawTarget) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        java.net.InetSocketAddress addr = server.bind();
        String uri = "mongodb://127.0.0.1:" + addr.getPort();
        try (MongoClient client = MongoClients.create(uri)) {
            String db = "memory";
            long raw = fill(client.getDatabase(db), rawTarget);
            assertThat(raw).isGreaterThanOrEqualTo(10L * heapMb * 1024 * 1024);
            Path repo = dir.resolve("repo");
            Map<String, String> env = Map.of("MONGO_URL", uri, "DB_NAME", db, "PRODGUARD_REPO", repo.toString(),
                    "PRODGUARD_PARALLELISM", "2");
            Subprocess.Result r = Subprocess.run(Subprocess.prodguard(env, dir, List.of("-Xmx" + heapMb + "m",
                    "-XX:+ExitOnOutOfMemoryError"), "backup", "--json"), 600);
            assertThat(r.exitCode()).as("stdout: %s stderr: %s", r.out(), r.err()).isZero();
            JsonNode o = JSON.readTree(r.out());
            assertThat(o.path("rawBytes").asLong()).isGreaterThanOrEqualTo(10L * heapMb * 1024 * 1024);
            System.out.printf("memory: -Xmx%dm backed up %d MB raw (%d docs) in %d ms: %.0f docs/s, %.1f MB/s%n",
                    heapMb, o.path("rawBytes").asLong() >> 20, o.path("documents").asLong(),
                    o.path("durationMillis").asLong(), o.path("docsPerSecond").asDouble(),
                    o.path("rawBytes").asLong() / 1048576.0 / (o.path("durationMillis").asLong() / 1000.0));
            try (Repository rep = Repository.open(new FileStorage(repo), null)) {
                VerifyReport v = new RepositoryVerifier(rep).verify("latest");
                assertThat(v.problems()).isEmpty();
                assertThat(v.rawBytes()).isEqualTo(o.path("rawBytes").asLong());
                assertThat(v.documents()).isEqualTo(o.path("documents").asLong());
            }
        } finally {
            server.shutdownNow();
        }
    }

    /** Four collections of documents with 64 to 512 KiB payloads until {@code target} bytes; returns the raw size. */
    private static long fill(MongoDatabase db, long target) {
        Random r = new Random(1);
        long raw = 0;
        int id = 0;
        while (raw < target) {
            List<BsonDocument> batch = new ArrayList<>();
            long batchBytes = 0;
            while (batchBytes < 8 * 1024 * 1024) {
                byte[] payload = new byte[64 * 1024 + r.nextInt(448 * 1024)];
                r.nextBytes(payload);
                for (int i = 0; i < payload.length; i += 4) {
                    payload[i] = 0; // compressible in part, like real data
                }
                batch.add(new BsonDocument("_id", new BsonInt32(id++)).append("kind", new BsonString("blob"))
                        .append("payload", new BsonBinary(payload)));
                batchBytes += payload.length + 40;
            }
            db.getCollection("blobs" + (id % 4), BsonDocument.class).insertMany(batch);
            raw += batchBytes;
        }
        return raw;
    }
}
