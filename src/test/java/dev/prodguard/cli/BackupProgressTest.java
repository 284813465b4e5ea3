package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.TestMongo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A person at a terminal sees a progress bar on stderr; scripts (not a terminal, or --json) see none. */
class BackupProgressTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private String[] run(boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", "progress",
                "PRODGUARD_REPO", dir.resolve("repo").toString()));
        CliContext ctx = new CliContext(env, dir, dir.resolve("home"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), interactive);
        int code = Main.run(ctx, args);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void barOnATerminalOnly() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            docs.add(new Document("_id", i).append("v", "x".repeat(100)));
        }
        mongo.client().getDatabase("progress").getCollection("items").insertMany(docs);
        String[] tty = run(true, "backup");
        assertThat(tty[1]).contains("backup progress").contains("2000/2000").contains("docs").contains("KiB");
        assertThat(tty[0]).startsWith("snapshot ").contains("2000 document(s)");
        String[] pipe = run(false, "backup");
        assertThat(pipe[1]).isEmpty();
        String[] json = run(true, "backup", "--json");
        assertThat(json[1]).isEmpty();
        assertThat(json[0].trim()).startsWith("{").endsWith("}").contains("\"snapshot\"");
    }
}
