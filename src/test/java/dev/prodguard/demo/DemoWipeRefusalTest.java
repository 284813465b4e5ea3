package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo wipe} drops only the running demo's own embedded database: never MONGO_URL, never a stale target. */
class DemoWipeRefusalTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private Map<String, String> userEnv() {
        // the user's own database, with a database of the demo's name in it: it must survive every refusal
        mongo.client().getDatabase(DemoStory.DB).getCollection("wallets").insertOne(new Document("balance", 1));
        return Map.of("PRODGUARD_DEMO_DIR", "demo", "MONGO_URL", mongo.uri(), "DB_NAME", DemoStory.DB);
    }

    private void assertUserDataIntact() {
        assertThat(mongo.client().getDatabase(DemoStory.DB).getCollection("wallets").countDocuments()).isPositive();
    }

    @Test
    void noRunningDemoIsRefusedAndMongoUrlIsNotTouched() {
        CliRun run = CliRun.run(userEnv(), dir, "demo", "wipe");
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(run.err.strip()).startsWith("error: no demo is running from").contains("demo --keep").doesNotContain("\n");
        assertUserDataIntact();
        assertThat(CliRun.run(userEnv(), dir, "demo", "books").exitCode).isEqualTo(7);
        assertThat(CliRun.run(userEnv(), dir, "demo", "stop").exitCode).isEqualTo(7);
    }

    @Test
    void aStateFileOfAnEndedProcessIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("demo"));
        long dead = new ProcessBuilder("true").start().onExit().get().pid();
        new DemoState(dead, portOf(mongo.uri()), DemoStory.DB, dir.resolve("demo/repo"),
                dir.resolve("demo/state"), 0, Instant.now()).write(dir.resolve("demo"));
        CliRun run = CliRun.run(userEnv(), dir, "demo", "wipe");
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(run.err).contains("has ended");
        assertUserDataIntact();
    }

    @Test
    void aStateFileNamingAnotherDatabaseIsRefused() {
        Path demo = dir.resolve("demo");
        demo.toFile().mkdirs();
        new DemoState(ProcessHandle.current().pid(), portOf(mongo.uri()), "users_real_db", demo.resolve("repo"),
                demo.resolve("state"), 0, Instant.now()).write(demo);
        CliRun run = CliRun.run(userEnv(), dir, "demo", "wipe");
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(run.err).contains("names database 'users_real_db'");
        assertUserDataIntact();
    }

    @Test
    void aStateFilePointingAtNothingIsRefused() throws Exception {
        Path demo = dir.resolve("demo");
        demo.toFile().mkdirs();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        new DemoState(ProcessHandle.current().pid(), closed, DemoStory.DB, demo.resolve("repo"), demo.resolve("state"), 0,
                Instant.now()).write(demo);
        CliRun run = CliRun.run(userEnv(), dir, "demo", "wipe");
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(run.err).contains("does not answer");
        assertUserDataIntact();
    }

    private static int portOf(String uri) {
        return Integer.parseInt(uri.replaceAll("^mongodb://[^:]+:(\\d+).*$", "$1"));
    }
}
