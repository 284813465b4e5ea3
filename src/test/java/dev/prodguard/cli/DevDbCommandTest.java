package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.testing.Subprocess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prodguard dev-db}: a real process that serves MongoDB 6.0 (wire 17) and says it is throwaway. */
class DevDbCommandTest {
    @TempDir
    Path dir;

    @Test
    void startsAThrowawayServerThatDriversAtWire17CanUse() throws Exception {
        Process p = Subprocess.prodguard(Map.of(), dir, List.of("-Xmx256m"), "dev-db", "--port", "0",
                "--data", "dev.mv").redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String uri = null;
            for (String line; uri == null && (line = r.readLine()) != null; ) {
                lines.add(line);
                if (line.strip().startsWith("MONGO_URL=")) {
                    uri = line.strip().substring("MONGO_URL=".length());
                }
            }
            assertThat(String.join("\n", lines)).contains("THROWAWAY").contains("NEVER put production data here")
                    .contains("dev.mv");
            assertThat(uri).startsWith("mongodb://127.0.0.1:");
            try (MongoClient client = MongoClients.create(uri)) {
                Document hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
                assertThat(hello.getInteger("maxWireVersion")).isEqualTo(17);
                Document build = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
                assertThat(build.getString("version")).startsWith("6.0");
                client.getDatabase("d").getCollection("c").insertOne(new Document("x", 1));
                assertThat(client.getDatabase("d").getCollection("c").countDocuments()).isEqualTo(1);
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve("dev.mv")).exists();
    }

    @Test
    void portOutOfRangeIsAUsageError() {
        var run = dev.prodguard.testing.CliRun.run(Map.of(), dir, "dev-db", "--port", "70000");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--port 70000 is out of range");
    }
}
