package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.prodguard.Prodguard;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Alerting;
import dev.prodguard.alert.Backoff;
import dev.prodguard.alert.RetryScheduler;
import dev.prodguard.alert.Severity;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.config.Secrets;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.LogTap;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.web.ApiToken;
import dev.prodguard.web.GuardianHttp;
import dev.prodguard.web.GuardianMetrics;
import dev.prodguard.testing.TestS3;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's promise: the password from MONGO_URL never appears in any output or log of any command,
 * with or without --verbose. Every registered subcommand is run (long-running ones excepted), so a
 * new command is covered without anyone remembering to add it here.
 */
class SecretsNeverPrintedTest {
    /** Recognisable, strong, and needing no URL-encoding. */
    private static final String PASSWORD = "Zq7-Wombat-Secret-9xK2";
    private static final String REPO_KEY = "Kiwi-Repo-Passphrase-77";
    private static final Set<String> LONG_RUNNING = Set.of("dev-db", "demo", "run", "capture", "help", "bench");
    // bench reads no configuration at all (its own embedded server), and its quickest run takes 30 s

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    /** Arguments a command needs to get past parsing; everything else runs with its defaults. */
    private static List<String> argsFor(String name) {
        return switch (name) {
            case "restore" -> List.of("--snapshot", "latest", "--dry-run");
            case "export" -> List.of("out-dir");
            case "roles" -> List.of("plan");
            case "alerts" -> List.of("test");
            case "scan" -> List.of(".");
            case "check" -> List.of("--stage", "pre-live");
            case "prune" -> List.of("--dry-run");
            case "report" -> List.of("--period", "weekly", "--out", "report.html");
            default -> List.of();
        };
    }

    private static List<String> commandNames() {
        List<String> names = new ArrayList<>(Prodguard.commandLine(CliContext.system()).getSubcommands().keySet());
        assertThat(names).contains("backup", "demo", "bench"); // every command, the leaves' included
        return names;
    }

    private void assertClean(CliRun run, String what) throws IOException {
        assertThat(run.all()).as(what + "\n" + run).doesNotContain(PASSWORD).doesNotContain(REPO_KEY)
                .doesNotContain("Zq7-Wombat").doesNotContain("Zq7%2DWombat");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")
                    || p.toString().endsWith(".txt") || p.toString().endsWith(".json") || p.toString().endsWith(".html"))
                    .toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                assertThat(text).as(what + " wrote " + f).doesNotContain(PASSWORD).doesNotContain(REPO_KEY);
            }
        }
    }

    private Map<String, String> env(String host) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", "mongodb://guardian:" + PASSWORD + "@" + host + "/");
        env.put("DB_NAME", "secrets_db");
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_REPO_KEY", REPO_KEY);
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "800");
        env.put("PRODGUARD_WEBHOOK_URL", "http://127.0.0.1:1/hook/" + PASSWORD);
        return env;
    }

    @Test
    void noCommandPrintsThePasswordAgainstALiveServerOrAClosedPort() throws IOException {
        String live = mongo.uri().substring("mongodb://".length());
        List<String> ran = new ArrayList<>();
        boolean sawLogs = false;
        for (String host : List.of(live, "127.0.0.1:1")) {
            for (String name : commandNames()) {
                if (LONG_RUNNING.contains(name)) {
                    continue;
                }
                for (boolean verbose : new boolean[] {false, true}) {
                    List<String> args = new ArrayList<>();
                    args.add(name);
                    args.addAll(argsFor(name));
                    if (verbose) {
                        args.add("--verbose");
                    }
                    CliRun run;
                    String logged;
                    try (LogTap logs = new LogTap()) {
                        run = CliRun.run(env(host), dir, args.toArray(String[]::new));
                        logged = logs.text();
                    }
                    assertClean(run, String.join(" ", args) + " @" + host);
                    assertThat(logged).as("log of " + args).doesNotContain(PASSWORD).doesNotContain(REPO_KEY);
                    if (verbose) {
                        sawLogs |= !logged.isEmpty();
                    }
                    ran.add(name);
                }
            }
        }
        assertThat(sawLogs).as("--verbose produced log lines to check").isTrue();
        assertThat(ran).contains("doctor", "gate", "backup", "restore", "verify", "status", "list", "scan");
    }

    /** Issue 15: one unique marker per kind of configured secret; none may appear anywhere. */
    private static final Map<String, String> MARKERS = Map.of(
            "MONGO_URL password", "PwMarker7Qx2Lm9Zt",
            "webhook path token", "HookPathMarker5Rt8Yu",
            "webhook query token", "HookQueryMarker3Kp6Wd",
            "SMTP password", "SmtpMarker4Jn8Vb2",
            "AWS session token", "AwsSessionMarker9Hf3Ce",
            "repository key", "RepoKeyMarker6Gt1Xs-long",
            "API token", "ApiTokenMarker8Lp4Qz0Ww");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(
            new ServerSetup[] {ServerSetupTest.SMTP})).withConfiguration(
            GreenMailConfiguration.aConfig().withUser("alerts@coinhubx.io", "mailer", MARKERS.get("SMTP password")));

    /**
     * A webhook receiver that answers 404 echoing what it was sent: a JSON error naming the path (its
     * slashes escaped, as JSON encoders may) and the query token, then the HTML of an Express default
     * 404 ({@code Cannot POST /hooks/<token>}).
     */
    static final class EchoingReceiver implements AutoCloseable {
        final HttpServer server;
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        EchoingReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                String path = exchange.getRequestURI().getRawPath();
                String query = exchange.getRequestURI().getRawQuery();
                String body = "{\"error\":\"Not Found\",\"message\":\"Cannot POST " + path.replace("/", "\\/")
                        + "\",\"token\":\"" + exchange.getRequestURI().getQuery() + "\",\"query\":\"" + query + "\"}\n"
                        + "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n"
                        + "</head>\n<body>\n<pre>Cannot POST " + path + "</pre>\n</body>\n</html>\n";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + MARKERS.get("webhook path token")
                    + "?token=" + MARKERS.get("webhook query token");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private Map<String, String> markerEnv(String hostPort, EchoingReceiver hook, boolean aws) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", aws
                ? "mongodb://AKIAEXAMPLEKEYID:" + MARKERS.get("MONGO_URL password") + "@" + hostPort
                        + "/?authMechanism=MONGODB-AWS&authSource=$external&authMechanismProperties=AWS_SESSION_TOKEN:"
                        + MARKERS.get("AWS session token")
                : "mongodb://guardian:" + MARKERS.get("MONGO_URL password") + "@" + hostPort + "/");
        env.put("DB_NAME", "markers_db");
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_REPO_KEY", MARKERS.get("repository key"));
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "800");
        env.put("PRODGUARD_WEBHOOK_URL", hook.url());
        env.put("PRODGUARD_SMTP_URL", "smtp://mailer:" + MARKERS.get("SMTP password") + "@127.0.0.1:"
                + MAIL.getSmtp().getPort() + "?from=prodguard@coinhubx.io");
        env.put("PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io");
        env.put("PRODGUARD_API_TOKEN", MARKERS.get("API token"));
        return env;
    }

    private boolean channelFailingRecorded() {
        SqliteAlertStore store = SqliteAlertStore.open(dir.resolve("state"));
        try {
            return store.history(50).stream().anyMatch(a -> a.title().startsWith("Alert channel failing"));
        } finally {
            store.close();
        }
    }

    /** "kind in what" for every marker found in the text (also its first 12 characters: a cut token). */
    private static List<String> leaks(String what, String text) {
        List<String> found = new ArrayList<>();
        MARKERS.forEach((kind, marker) -> {
            if (text.contains(marker.substring(0, 12))) {
                found.add(kind + " in " + what);
            }
        });
        return found;
    }

    @Test
    void noConfiguredSecretLeaksThroughEchoingReceiversCommandsTheGuardianFilesOrResponses() throws Exception {
        String live = mongo.uri().substring("mongodb://".length()).replaceAll("/.*$", "");
        List<String[]> commands = List.of(new String[] {"doctor"}, new String[] {"gate", "--json"}, new String[] {"gate"},
                new String[] {"check", "--stage", "pre-live", "--json"}, new String[] {"alerts", "test"},
                new String[] {"roles", "plan"}, new String[] {"roles", "apply"}, new String[] {"backup"},
                new String[] {"status"}, new String[] {"alerts", "list", "--json"},
                new String[] {"report", "--period", "weekly", "--out", "report.html"},
                new String[] {"report", "--period", "quarterly", "--format", "json", "--out", "report.json"});
        Map<String, String> seen = new java.util.LinkedHashMap<>();
        try (EchoingReceiver hook = new EchoingReceiver()) {
            for (boolean aws : new boolean[] {false, true}) {
                for (String[] command : commands) {
                    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), Stream.of("--verbose"))
                            .toArray(String[]::new);
                    try (LogTap logs = new LogTap()) {
                        CliRun run = CliRun.run(markerEnv(live, hook, aws), dir, args);
                        seen.put(String.join(" ", args) + (aws ? " (aws)" : ""), run.all() + logs.text());
                    }
                    Secrets.clearForTests(); // each command must register what it needs itself
                }
            }
            // the guardian: a failing, echoing webhook is retried, then reported as failing by email
            Map<String, String> env = markerEnv(live, hook, false);
            java.util.concurrent.ScheduledExecutorService executor = java.util.concurrent.Executors.newScheduledThreadPool(1);
            try (LogTap logs = new LogTap()) {
                dev.prodguard.config.Settings settings = new dev.prodguard.config.SettingsLoader(env, dir, dir).load();
                try (Alerting alerting = Alerting.start(settings, java.time.Clock.systemUTC(), RetryScheduler.of(executor),
                        AlertPolicy.DEFAULT, new Backoff(java.time.Duration.ZERO, 1.0, java.time.Duration.ZERO, 3))) {
                    alerting.manager().raise(new AlertSpec("test:echo", "test", Severity.WARNING, "Echo test", Map.of()));
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                            .until(() -> MAIL.getReceivedMessages().length > 0 && channelFailingRecorded());
                }
                ApiToken token = ApiToken.resolve(settings);
                try (Guardian g = Guardian.start(settings, java.time.Clock.systemUTC(), null, Runnable::run, List.of());
                        GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, token)) {
                    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                    for (String path : List.of("/api/alerts?state=all", "/api/status", "/api/jobs", "/health", "/metrics")) {
                        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + web.port() + path))
                                .header("Authorization", "Bearer " + MARKERS.get("API token")).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                        seen.put("GET " + path, r.statusCode() + " " + r.body());
                    }
                }
                seen.put("guardian log", logs.text());
            } finally {
                executor.shutdownNow();
            }
            assertThat(hook.requests.get()).as("the echoing receiver was reached").isGreaterThan(3);
        }
        assertThat(seen.get("GET /api/alerts?state=all")).as("the channel-failing alert is served")
                .contains("Alert channel failing").contains("HTTP 404");
        for (jakarta.mail.internet.MimeMessage m : MAIL.getReceivedMessages()) {
            seen.put("email " + m.getSubject(), m.getSubject() + "\n" + com.icegreen.greenmail.util.GreenMailUtil.getBody(m));
        }
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("email [prodguard]"));
        List<String> leaks = new ArrayList<>();
        seen.forEach((what, text) -> leaks.addAll(leaks(what, text)));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) { // SQLite files (and -wal) as bytes
                leaks.addAll(leaks(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)));
            }
        }
        assertThat(dir.resolve("report.html")).as("the HTML report was written and checked").exists();
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"period\" : \"quarterly\"");
        assertThat(leaks).as(seen.toString()).isEmpty();
    }

    @RegisterExtension
    static TestS3 s3 = new TestS3();

    /**
     * Issue 17: with the repository in a bucket, the secret access key and the session token never appear in any
     * output, log or state file: working credentials, a wrong secret (403 answers) and a store that is away, each
     * command with --verbose (stack traces included).
     */
    @Test
    void s3CredentialsNeverLeak() throws Exception {
        String live = mongo.uri().substring("mongodb://".length()).replaceAll("/.*$", "");
        String wrongSecret = "WrongS3SecretMarker2Pq7Zr";
        String token = "S3SessionTokenMarker4Vb9Xe";
        Map<String, String> good = new HashMap<>(s3.env("secrets"));
        good.putAll(Map.of("MONGO_URL", "mongodb://" + live + "/", "DB_NAME", "s3_secrets_db",
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString(), "PRODGUARD_CONNECT_TIMEOUT_MS", "800"));
        Map<String, String> wrong = new HashMap<>(good);
        wrong.put("AWS_SECRET_ACCESS_KEY", wrongSecret);
        wrong.put("AWS_SESSION_TOKEN", token);
        Map<String, String> away = new HashMap<>(good);
        away.put("PRODGUARD_S3_ENDPOINT", "http://127.0.0.1:1");
        away.put("AWS_SESSION_TOKEN", token);
        mongo.client().getDatabase("s3_secrets_db").getCollection("wallets").insertOne(new org.bson.Document("_id", 1));
        List<String> leaks = new ArrayList<>();
        int ran = 0;
        for (Map<String, String> env : List.of(good, wrong)) {
            for (String[] command : List.of(new String[] {"doctor"}, new String[] {"backup"}, new String[] {"status", "--json"},
                    new String[] {"verify"}, new String[] {"restore", "--snapshot", "latest", "--dry-run"})) {
                String[] args = Stream.concat(java.util.Arrays.stream(command), Stream.of("--verbose")).toArray(String[]::new);
                String text;
                try (LogTap logs = new LogTap()) {
                    CliRun run = CliRun.run(env, dir, args);
                    text = run.all() + logs.text();
                }
                ran++;
                for (String marker : List.of(TestS3.SECRET_KEY, wrongSecret, token)) {
                    if (text.contains(marker.substring(0, 14))) {
                        leaks.add(marker.substring(0, 14) + " in " + String.join(" ", args) + ":\n" + text);
                    }
                }
                Secrets.clearForTests();
            }
        }
        try (LogTap logs = new LogTap()) { // the store away: doctor answers fast, no secret in the diagnosis
            CliRun run = CliRun.run(away, dir, "doctor", "--verbose");
            assertThat(run.out).contains("backup repository");
            if ((run.all() + logs.text()).contains(token.substring(0, 14))) {
                leaks.add("token in doctor with the store away");
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String marker : List.of(TestS3.SECRET_KEY, wrongSecret, token)) {
                    if (bytes.contains(marker.substring(0, 14))) {
                        leaks.add(marker.substring(0, 14) + " in " + dir.relativize(f));
                    }
                }
            }
        }
        assertThat(ran).isEqualTo(10);
        assertThat(leaks).isEmpty();
    }

    @Test
    void malformedInputIsOneLineWithTheDocumentedExitCodeAndNoStackTrace() {
        record Case(Map<String, String> env, String[] args, int code) {}
        List<Case> cases = List.of(
                new Case(Map.of("MONGO_URL", "", "DB_NAME", "x"), new String[] {"doctor"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb:/x", "DB_NAME", "x"), new String[] {"gate"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb://h:99999/", "DB_NAME", "x"), new String[] {"backup"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb://h\uFFFD/", "DB_NAME", "x"), new String[] {"status"}, 3),
                new Case(Map.of("MONGO_URL", "mongodb://h/", "DB_NAME", "x", "PRODUCTION", "maybe"),
                        new String[] {"gate"}, 3),
                new Case(Map.of(), new String[] {"backup", "--no-such-flag"}, 2),
                new Case(Map.of(), new String[] {"no-such-command"}, 2));
        for (Case c : cases) {
            CliRun run = CliRun.run(c.env(), dir, c.args());
            assertThat(run.exitCode).as(String.join(" ", c.args()) + " " + c.env() + "\n" + run).isEqualTo(c.code());
            assertThat(run.err).as(run.toString()).doesNotContain("\tat ").doesNotContain("Exception");
            if (c.code() == 3) {
                assertThat(run.err.strip().lines().filter(l -> l.startsWith("error:")).count()).as(run.toString())
                        .isEqualTo(1);
            }
        }
    }
}
