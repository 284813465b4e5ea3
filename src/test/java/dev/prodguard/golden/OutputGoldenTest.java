package dev.prodguard.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertText;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.TestWipes;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Golden;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text of the main commands' results, pinned in golden files (src/test/resources/golden/): {@code list},
 * {@code status} and {@code restore --dry-run} on a fixed repository (two backups of a fixed database taken on a
 * fixed clock), and a wipe alert's email and Slack text. Only what is inherently random is replaced, by a named
 * placeholder: the database's unique name, the temporary directory, the snapshot ids' random suffixes and the
 * measured wall-clock durations. Times and sizes are compared as printed.
 */
class OutputGoldenTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    static Path dir;

    private static final Instant FIRST = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T12:30:00Z");
    private static final MutableClock clock = new MutableClock(FIRST);
    private static Map<String, String> env;
    private static String db;
    /** Real text to its placeholder, applied in order. */
    private static final Map<String, String> RANDOM = new LinkedHashMap<>();

    @BeforeAll
    static void twoBackupsOfAFixedDatabase() throws Exception {
        db = TestMongo.uniqueDb("golden");
        env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        var d = mongo.client().getDatabase(db);
        for (int i = 1; i <= 3; i++) {
            d.getCollection("wallets").insertOne(new Document("_id", i).append("owner", "user" + i)
                    .append("balance", 100 * i).append("asset", "BTC"));
        }
        d.getCollection("orders").insertOne(new Document("_id", 1).append("wallet", 1).append("amount", 25));
        d.getCollection("orders").createIndex(new Document("wallet", 1));
        CliRun first = CliRun.run(env, dir, clock, "backup");
        assertThat(first.exitCode).as(first.toString()).isZero();
        d.getCollection("orders").insertOne(new Document("_id", 2).append("wallet", 2).append("amount", 40));
        clock.set(SECOND);
        CliRun second = CliRun.run(env, dir, clock, "backup");
        assertThat(second.exitCode).as(second.toString()).isZero();
        clock.set(NOW);

        JsonNode list = new ObjectMapper().readTree(CliRun.run(env, dir, clock, "list", "--json").out);
        List<String> ids = new ArrayList<>();
        list.path("snapshots").forEach(s -> ids.add(s.path("id").asText()));
        assertThat(ids).hasSize(2);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            RANDOM.put(id, id.substring(0, id.lastIndexOf('-') + 1) + "<r" + (i + 1) + ">" /* as wide as the 4 hex digits it stands for */);
        }
        RANDOM.put(dir.toString(), "<tmp>");
        RANDOM.put(db, "<db>");
    }

    private static String normalised(String text) {
        String out = text;
        for (Map.Entry<String, String> e : RANDOM.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String run(String... args) {
        CliRun r = CliRun.run(env, dir, clock, args);
        assertThat(r.exitCode).as(r.toString()).isZero();
        return normalised(r.out);
    }

    @Test
    void list() {
        // the TOOK column (the last 8 characters of a snapshot's row) is its measured wall-clock time
        String text = run("list").lines().map(l -> l.matches("  \\d{8}T.* (ms|s)") ? l.substring(0, l.length() - 8)
                + "  <took>" : l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Golden.assertMatches("list.txt", text);
    }

    @Test
    void status() {
        // the latest snapshot's measured wall-clock time
        String text = run("status").replaceAll("(?m)collection\\(s\\), \\S+ (ms|s)$", "collection(s), <took>");
        Golden.assertMatches("status.txt", text);
    }

    @Test
    void restoreDryRun() {
        Golden.assertMatches("restore-dry-run.txt", run("restore", "--snapshot", "latest", "--dry-run"));
    }

    @Test
    void restoreDryRunOfAnOlderSnapshotIntoANamedDatabase() {
        String first = RANDOM.keySet().iterator().next();
        Golden.assertMatches("restore-dry-run-snapshot.txt",
                run("restore", "--snapshot", first, "--target-db", db + "_copy", "--dry-run"));
    }

    @Test
    void wipeAlertText() {
        Alert alert = Alert.open(TestWipes.dropped("shop", List.of("orders", "users", "wallets"),
                Instant.parse("2026-11-25T10:41:59.250Z")), Instant.parse("2026-11-25T10:42:01.800Z"));
        Notification opened = new Notification(Notification.Kind.OPENED, alert);
        Golden.assertMatches("alert-wipe.txt", "subject: " + AlertText.subject(opened) + "\n\n" + AlertText.body(opened)
                + "\n--- slack\n" + AlertText.slack(opened) + "\n");
        Notification reminder = new Notification(Notification.Kind.REMINDER, alert);
        Golden.assertMatches("alert-wipe-reminder.txt", "subject: " + AlertText.subject(reminder) + "\n\n"
                + AlertText.body(reminder));
    }
}
