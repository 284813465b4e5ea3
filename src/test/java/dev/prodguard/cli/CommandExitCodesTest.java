package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 point 5: a command that could not do its job never exits 0. */
class CommandExitCodesTest {
    @TempDir
    Path dir;

    private Map<String, String> env(int port) {
        return Map.of("MONGO_URL", "mongodb://127.0.0.1:" + port + "/", "DB_NAME", "exits",
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CONNECT_TIMEOUT_MS", "300");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void captureThatNeverReachedTheDatabaseExitsWithConnection() throws Exception {
        CliRun run = CliRun.run(env(closedPort()), dir, "capture", "--duration", "1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
        assertThat(run.err).contains("never reached").contains("prodguard doctor").doesNotContain("\tat ");
        assertThat(run.err.lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
    }

    @Test
    void captureThatEndsWhileTheDatabaseIsGoneExitsWithConnection() throws Exception {
        dev.prodguard.devdb.EmbeddedMongo server = dev.prodguard.devdb.EmbeddedMongo.startInMemory();
        try (com.mongodb.client.MongoClient c = com.mongodb.client.MongoClients.create(server.uri())) {
            c.getDatabase("exits").getCollection("orders").insertOne(new org.bson.Document("_id", 1));
        }
        CliRun[] run = {null};
        Thread t = new Thread(() -> run[0] = CliRun.run(env(server.port()), dir, "capture", "--duration", "6"));
        t.start();
        dev.prodguard.repo.Repository[] repo = {null};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            repo[0] = dev.prodguard.repo.Repository.open(new dev.prodguard.repo.FileStorage(dir.resolve("repo")), null);
            return dev.prodguard.capture.CaptureHistory.load(repo[0], "exits").currentRunHasSnapshot();
        });
        server.close(); // the database goes away for good
        t.join(60_000);
        assertThat(run[0].exitCode).as(run[0].toString()).isEqualTo(4);
        assertThat(run[0].err).contains("capture ended while database exits was unreachable").doesNotContain("\tat ");
    }
}
