package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.gate.EnvironmentMarker;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code prodguard gate} end to end, in-process, over the wire to the embedded server. */
class GateCommandTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:41:59Z"), ZoneOffset.UTC);
    private static final Pattern RULE_LINE = Pattern.compile("^FAIL ([a-z-]+): ", Pattern.MULTILINE);

    private Map<String, String> env(boolean production, String db) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", mongo.uri());
        env.put("DB_NAME", db);
        env.put("PRODUCTION", String.valueOf(production));
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "2000");
        env.put("HOSTNAME", "gate-test-host");
        return env;
    }

    private CliRun gate(boolean production, String db, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "gate";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(env(production, db), dir, CLOCK, all);
    }

    private static List<String> rules(CliRun run) {
        List<String> ids = new ArrayList<>();
        Matcher m = RULE_LINE.matcher(run.out);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The rules a production configuration breaks on the embedded server, marker aside. */
    private static List<String> productionOnEmbedded() {
        return List.of("host-loopback", "tls-off", "password-missing", "embedded-server");
    }

    @ParameterizedTest(name = "[{index}] PRODUCTION={0}, database marked {1} -> marker rule ''{2}''")
    @CsvSource({
        "true,  none,       marker-missing",
        "true,  production, ''",
        "true,  preview,    marker-not-production",
        "false, production, marker-production",
        "false, preview,    ''",
        "false, none,       ''",
    })
    void markerScenarios(boolean production, String marked, String expectedMarkerRule) {
        String db = TestMongo.uniqueDb("gate");
        if (!marked.equals("none")) {
            CliRun m = gate(marked.equals("production"), db, "--mark", marked);
            assertThat(m.out).as(m.toString()).contains("marked database '" + db + "' as " + marked);
        }
        CliRun run = gate(production, db);
        assertThat(rules(run).stream().filter(r -> r.startsWith("marker-")).toList()).as(run.toString())
                .isEqualTo(expectedMarkerRule.isEmpty() ? List.of() : List.of(expectedMarkerRule));
        if (mongo.isEmbedded()) {
            // against the embedded server the full outcome is known: production never passes there
            List<String> expected = new ArrayList<>(production ? productionOnEmbedded() : List.of());
            if (!expectedMarkerRule.isEmpty()) {
                expected.add(expectedMarkerRule);
            }
            assertThat(rules(run)).as(run.toString()).isEqualTo(expected);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(expected.isEmpty() ? 0 : 1);
            if (expected.isEmpty()) {
                assertThat(run.out).startsWith("gate: ok: ");
            } else {
                assertThat(run.err.strip()).isEqualTo("error: gate failed: " + expected.size() + " violation"
                        + (expected.size() == 1 ? "" : "s") + "; do not start the application");
            }
        }
        if (expectedMarkerRule.equals("marker-production")) {
            assertThat(run.out).contains("preview points at the production database");
        }
    }

    @Test
    void markingIsDeliberateAndRemarkingNeedsForce() {
        String db = TestMongo.uniqueDb("gate");
        // production config, unmarked database: fails, and says how to mark it
        CliRun first = gate(true, db);
        assertThat(rules(first)).contains("marker-missing");
        assertThat(first.out).contains("prodguard gate --mark production");

        // mark production: the marker rule passes (the embedded server still fails the production rules)
        CliRun marked = gate(true, db, "--mark", "production");
        assertThat(marked.out).contains("gate: marked database '" + db + "' as production");
        assertThat(rules(marked)).doesNotContain("marker-missing", "marker-not-production");
        if (mongo.isEmbedded()) {
            assertThat(rules(marked)).isEqualTo(productionOnEmbedded());
        }
        Document doc = mongo.client().getDatabase(db).getCollection("prodguard_meta")
                .find(new Document("_id", "environment")).first();
        assertThat(doc.getString("environment")).isEqualTo("production");
        assertThat(doc.getDate("markedAt")).isEqualTo(Date.from(CLOCK.instant()));
        assertThat(doc.get("markedBy", Document.class).getString("host")).isEqualTo("gate-test-host");

        // marking again with the same environment changes nothing
        CliRun again = gate(true, db, "--mark", "production");
        assertThat(again.out).contains("already marked production");

        // a preview configuration reaching it fails
        CliRun preview = gate(false, db);
        assertThat(preview.exitCode).isEqualTo(1);
        assertThat(rules(preview)).containsExactly("marker-production");

        // re-marking it preview without --force is refused and says what it was
        CliRun refused = gate(false, db, "--mark", "preview");
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(7);
        assertThat(refused.err.strip().lines()).hasSize(1);
        assertThat(refused.err).contains("already marked production (marked 2026-11-25T10:41:59Z from host"
                + " 'gate-test-host')").contains("--force");
        assertThat(mongo.client().getDatabase(db).getCollection("prodguard_meta")
                .find().first().getString("environment")).isEqualTo("production");

        // with --force it is re-marked, keeping what it was
        CliRun forced = gate(false, db, "--mark", "preview", "--force");
        assertThat(forced.exitCode).as(forced.toString()).isZero();
        assertThat(forced.out).contains("re-marked database '" + db + "' as preview (--force)");
        Document after = mongo.client().getDatabase(db).getCollection("prodguard_meta").find().first();
        assertThat(after.getString("environment")).isEqualTo("preview");
        assertThat(after.get("previous", Document.class).getString("environment")).isEqualTo("production");

        // and now the production configuration is told it reaches a preview database
        assertThat(rules(gate(true, db))).contains("marker-not-production");
    }

    @Test
    void gateWithoutMarkWritesNothing() {
        String db = TestMongo.uniqueDb("gate");
        gate(true, db);
        gate(false, db);
        gate(false, db, "--json");
        assertThat(mongo.client().getDatabase(db).listCollectionNames().into(new ArrayList<>())).isEmpty();
    }

    @Test
    void prodguardCollectionsStartWithPrefix() {
        String db = TestMongo.uniqueDb("gate");
        gate(false, db, "--mark", "preview");
        assertThat(mongo.client().getDatabase(db).listCollectionNames().into(new ArrayList<>()))
                .isNotEmpty().allMatch(n -> n.startsWith("prodguard_"));
        assertThat(EnvironmentMarker.COLLECTION).startsWith("prodguard_");
    }

    @Test
    void jsonIsOneObjectWithViolationsAndOk() throws Exception {
        String db = TestMongo.uniqueDb("gate");
        CliRun run = gate(false, db, "--json");
        JsonNode ok = new ObjectMapper().readTree(run.out);
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("violations")).isEmpty();
        assertThat(run.exitCode).isZero();

        CliRun bad = gate(true, db, "--json");
        assertThat(bad.out.strip().lines()).hasSize(1);
        JsonNode j = new ObjectMapper().readTree(bad.out);
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("exitCode").asInt()).isEqualTo(1);
        assertThat(bad.exitCode).isEqualTo(1);
        List<String> ids = new ArrayList<>();
        j.get("violations").forEach(v -> {
            ids.add(v.get("rule").asText());
            assertThat(v.get("message").asText()).isNotBlank();
        });
        assertThat(ids).contains("marker-missing");
        assertThat(j.get("violations").get(0).fieldNames().next()).isEqualTo("rule");
        assertThat(j.get("hosts")).isNotEmpty();
        assertThat(j.get("embeddedServer").asBoolean()).isEqualTo(mongo.isEmbedded());
        assertThat(bad.err).isEmpty();
    }

    @Test
    void unreachableDatabaseExitsFourAfterPrintingOfflineViolations() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", "mongodb://app:qvzkwyplm@127.0.0.1:" + port + "/");
        env.put("DB_NAME", "coinhubx_production");
        env.put("PRODUCTION", "true");
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "500");
        long start = System.nanoTime();
        CliRun run = CliRun.run(env, dir, "gate");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
        assertThat(rules(run)).containsExactly("host-loopback", "tls-off", "password-too-short",
                "password-too-few-classes");
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("cannot reach the database at 127.0.0.1:" + port)
                .contains("connection refused").contains("prodguard doctor");
        assertThat(ms).as("gate waits about the connect timeout, not the driver's 30 s").isLessThan(10_000);

        CliRun json = CliRun.run(env, dir, "gate", "--json");
        JsonNode j = new ObjectMapper().readTree(json.out);
        assertThat(json.exitCode).isEqualTo(4);
        assertThat(j.get("error").asText()).contains("prodguard doctor");
        assertThat(j.get("violations")).hasSize(4);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "gate --force                              | false | 2 | --force only applies to --mark",
        "gate --mark staging                       | false | 2 | staging",
        "gate --mark production                    | false | 2 | --mark production needs a production configuration",
        "gate --mark preview                       | true  | 2 | --mark preview needs a preview configuration",
        "gate --bogus                              | false | 2 | Unknown option",
    })
    void usageErrors(String args, boolean production, int exit, String message) {
        CliRun run = CliRun.run(env(production, TestMongo.uniqueDb("gate")), dir, args.split(" "));
        assertThat(run.exitCode).as(run.toString()).isEqualTo(exit);
        assertThat(run.err).contains(message).doesNotContain("at dev.prodguard");
    }

    @Test
    void productionMaybeIsAOneLineConfigError() {
        Map<String, String> env = env(true, "db");
        env.put("PRODUCTION", "maybe");
        CliRun run = CliRun.run(env, dir, "gate");
        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("PRODUCTION='maybe'").contains("not a boolean");
        assertThat(run.out).isEmpty();
    }
}
