package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.prodguard.config.Secrets;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code prodguard check} in-process (and once in a real JVM): every item shown, exit codes, JSON, no secret printed. */
class CheckCommandTest {
    private static final String PASSWORD = "Qu4il-Recognisable-Chk!77";
    private static final String REPO_KEY = "Check-Cli-Repo-Key-90210";
    private static final String HOOK_TOKEN = "xoxCheckCliHook42";

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path work;

    @TempDir
    Path src;

    private HttpServer http;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        http.start();
        try (Git git = Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
            Files.writeString(src.resolve("server.js"), "const url = process.env.MONGO_URL;\n");
            Files.writeString(src.resolve(".gitignore"), ".env\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Test", "test@example.invalid");
            git.commit().setMessage("app").setAuthor(who).setCommitter(who).setSign(false).call();
        }
    }

    @AfterEach
    void stop() {
        http.stop(0);
        Secrets.clearForTests();
    }

    private Map<String, String> env(String url, String db, boolean production) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", url);
        env.put("DB_NAME", db);
        env.put("PRODUCTION", String.valueOf(production));
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "1000");
        env.put("PRODGUARD_REPO", work.resolve("repo").toString());
        env.put("PRODGUARD_REPO_KEY", REPO_KEY);
        env.put("PRODGUARD_STATE_DIR", work.resolve("state").toString());
        env.put("PRODGUARD_WEBHOOK_URL", "http://127.0.0.1:" + http.getAddress().getPort() + "/hooks/" + HOOK_TOKEN);
        return env;
    }

    private void backupWithRecentRestoreTest() throws Exception {
        try (Repository r = Repository.openOrCreate(new FileStorage(work.resolve("repo")), REPO_KEY.toCharArray())) {
            r.writeManifest("snapshot", "20261125T090000Z", "{}".getBytes(StandardCharsets.UTF_8));
            r.putRecord("verify/last", ("{\"snapshotId\":\"20261125T090000Z\",\"at\":\"" + Instant.now()
                    + "\",\"ok\":true}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void postLiveOnAHealthyPreviewSetupPassesWithManualItemsLeft() throws Exception {
        String db = TestMongo.uniqueDb("chkcli");
        mongo.client().getDatabase(db).getCollection("transactions").insertOne(new Document("amount", 10));
        Files.writeString(work.resolve("prodguard.yml"), "schedule:\n  verify: weekly\n");
        CliRun before = CliRun.run(env(mongo.uri(), db, false), work, "check", "--stage", "post-live", "--json");
        JsonNode backups = new ObjectMapper().readTree(before.out).get("items").get(2);
        assertThat(backups.get("id").asText()).isEqualTo("backups");
        assertThat(backups.get("status").asText()).isEqualTo("fail");
        // the real commands write what the backup item reads: a snapshot, then the restore test's record
        CliRun backup = CliRun.run(env(mongo.uri(), db, false), work, "backup");
        assertThat(backup.exitCode).as(backup.toString()).isZero();
        CliRun verify = CliRun.run(env(mongo.uri(), db, false), work, "verify", "--restore");
        assertThat(verify.exitCode).as(verify.toString()).isZero();

        CliRun r = CliRun.run(env(mongo.uri(), db, false), work, "check", "--stage", "post-live", "--source", src.toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("prodguard check: post-live checklist (8 items)",
                "✓      Cluster running and connection string tested", "✓      Environment fence passes",
                "✓      Backups configured and a verified restore exists", "✓      First transactions recorded",
                "✓      Regular backup verification scheduled", "manual Connection pool usage monitored",
                "manual Disaster recovery procedures documented", "manual Database passwords rotated within 90 days",
                "check post-live: 5 passed, 0 failed, 3 manual, 0 skipped").doesNotContain("✗");
        assertThat(bodies).as("post-live sends no test notification").isEmpty();
    }

    @Test
    void preLiveShowsEveryItemAndExits1WhenOneFails() throws Exception {
        String db = TestMongo.uniqueDb("chkcli");
        backupWithRecentRestoreTest();

        CliRun r = CliRun.run(env(mongo.uri(), db, false), work, "check", "--stage", "pre-live", "--source", src.toString());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.out).contains("note: the alerts item sends a real test notification",
                "prodguard check: pre-live checklist (11 items)",
                "✓      Cluster running", "✗      Production environment variables set", "→ set PRODUCTION=true",
                "manual Network access configured", "✗      TLS on", "✓      Environment fence passes",
                "✓      No database credentials in source code", "✓      .env file added to .gitignore",
                "✓      Monitoring alerts configured", "✓      Backups configured", "manual Database passwords rotated",
                "manual Team has access to the MongoDB Atlas dashboard",
                "check pre-live: 6 passed, 2 failed, 3 manual, 0 skipped", "FAILED");
        assertThat(bodies).hasSize(1);
    }

    @Test
    void jsonIsOneObjectWithEveryItem() throws Exception {
        CliRun r = CliRun.run(env(mongo.uri(), TestMongo.uniqueDb("chkcli"), false), work, "check", "--stage",
                "pre-live", "--source", src.toString(), "--json");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out);
        assertThat(r.out.strip().lines().count()).isEqualTo(1);
        assertThat(n.get("stage").asText()).isEqualTo("pre-live");
        List<String> ids = new ArrayList<>();
        n.get("items").forEach(i -> ids.add(i.get("id").asText() + "=" + i.get("status").asText()));
        assertThat(ids).contains("cluster-reachable=pass", "environment-variables=fail", "tls=fail", "gate=pass",
                "backups=fail", "alerts=pass", "team-atlas-access=manual");
        assertThat(n.get("counts").get("fail").asInt()).isEqualTo(3);
    }

    @Test
    void badUsageIsExit2() {
        Map<String, String> env = env(mongo.uri(), "x", false);
        assertThat(CliRun.run(env, work, "check").exitCode).isEqualTo(2);
        CliRun bad = CliRun.run(env, work, "check", "--stage", "during-live");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("unknown stage 'during-live' (expected pre-live or post-live)");
        CliRun noDir = CliRun.run(env, work, "check", "--stage", "pre-live", "--source", "missing-dir");
        assertThat(noDir.exitCode).isEqualTo(2);
        assertThat(noDir.err).contains("is not a directory");
    }

    /** The password reaches output paths: a failing login, a tracked file holding it, gate's password rules. */
    @ParameterizedTest
    @ValueSource(strings = {"pre-live", "pre-live --verbose", "pre-live --json", "post-live --verbose",
        "--verbose pre-live --json"})
    void noSecretIsEverPrinted(String args) throws Exception {
        Assumptions.assumeTrue(mongo.isEmbedded(), "needs a server without authentication");
        Files.writeString(src.resolve("notes.txt"), "prod login: coinhubx_app / " + PASSWORD + "\n");
        try (Git git = Git.open(src.toFile())) {
            git.add().addFilepattern("notes.txt").call();
        }
        String url = "mongodb://coinhubx_app:" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@127.0.0.1:"
                + mongo.embedded().port() + "/";
        List<String> argv = new ArrayList<>(List.of("check", "--source", src.toString()));
        for (String a : args.split(" ")) {
            argv.add(a.startsWith("-") ? a : "--stage");
            if (!a.startsWith("-")) {
                argv.add(a);
            }
        }
        CliRun r = CliRun.run(env(url, "coinhubx_production", true), work, argv.toArray(String[]::new));

        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertNoSecret(r.all());
        if (args.startsWith("pre-live") && !args.contains("--json")) {
            assertThat(r.out).contains("mongo-url-password  notes.txt holds the MONGO_URL password");
        }
    }

    @Test
    void noSecretIsPrintedByARealProcessWithVerbose() throws Exception {
        Assumptions.assumeTrue(mongo.isEmbedded(), "needs a server without authentication");
        String url = "mongodb://coinhubx_app:" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@127.0.0.1:"
                + mongo.embedded().port() + "/";
        Subprocess.Result r = Subprocess.run(Subprocess.prodguard(env(url, "coinhubx_production", true), work,
                List.of("-Xmx128m"), "check", "--stage", "pre-live", "--source", src.toString(), "--verbose"), 90);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("check pre-live:");
        assertNoSecret(r.out() + r.err());
    }

    private static void assertNoSecret(String output) {
        assertThat(output).doesNotContain(PASSWORD).doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
                .doesNotContain(REPO_KEY).doesNotContain(HOOK_TOKEN);
    }
}
