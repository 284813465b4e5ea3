package dev.prodguard.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.http.HttpLimits;
import dev.prodguard.http.RawHttp;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.web.ApiToken;
import dev.prodguard.web.GuardianHttp;
import dev.prodguard.web.GuardianMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over real HTTP (issue 18, "Must show"): without a session every page is 401 with the sign-in form
 * and every data part 401; a POST without the session's CSRF token is refused (403) and changes nothing; a foreign
 * {@code Host} is refused (421); the session cookie is HttpOnly and SameSite=Strict; a sign-in link works once;
 * sessions end after the idle limit; the wizard refuses to restore over the existing database until its name is
 * typed; no configured secret appears in any page or response; idle and slow clients do not stall the pages and a
 * dribbled form is cut off at the deadline.
 */
class DashboardHttpTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final String TOKEN = "MarkerApiToken-7f3kQz9Lw2Xv";
    private static final String WEBHOOK = "http://127.0.0.1:9/hooks/MarkerWebhookPath9x7Qk";
    private static final String SMTP_PASSWORD = "MarkerSmtpPass5vTq";
    private static final String REPO_KEY = "Marker-Repo-Key-q8Zt2Wn";
    private static final List<String> MARKERS = List.of(TOKEN, "MarkerWebhookPath9x7Qk", SMTP_PASSWORD, REPO_KEY);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private Guardian guardian;
    private Dashboard dashboard;
    private GuardianHttp web;
    private String db;

    @BeforeEach
    void start() {
        start(HttpLimits.DEFAULTS, false);
    }

    /** Starts the guardian and its dashboard; an encrypted repository only where a test needs its key. */
    private void start(HttpLimits limits, boolean encrypted) {
        db = TestMongo.uniqueDb("dash");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "ada"));
        Map<String, String> env = new LinkedHashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve(encrypted ? "repo-encrypted" : "repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString(), "PRODGUARD_API_TOKEN", TOKEN, "PRODGUARD_WEBHOOK_URL", WEBHOOK,
                "PRODGUARD_SMTP_URL", "smtp://alerts:" + SMTP_PASSWORD + "@127.0.0.1:9?starttls=false",
                "PRODGUARD_ALERT_EMAIL", "ops@example.com"));
        if (encrypted) {
            env.put("PRODGUARD_REPO_KEY", REPO_KEY);
            // created here with a cheap key derivation (the guardian opens it with the parameters it stores)
            dev.prodguard.repo.Repository.openOrCreate(new dev.prodguard.repo.FileStorage(dir.resolve("repo-encrypted")),
                    REPO_KEY.toCharArray(), new dev.prodguard.repo.Repository.CreateOptions(1, 1 << 20, 1, 1024)).close();
        }
        Settings s = new SettingsLoader(env, dir, dir).load();
        guardian = Guardian.start(s, clock, null, Runnable::run, List.of());
        ApiToken token = ApiToken.resolve(s);
        dashboard = new Dashboard(guardian, token, null);
        web = GuardianHttp.start(guardian, new GuardianMetrics(guardian), 0, token, dashboard, limits);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        web.close();
        dashboard.close();
        guardian.close();
        Secrets.clearForTests();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + web.port() + path;
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(15)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with the token; returns the Cookie header value. */
    private String signIn() throws Exception {
        HttpResponse<String> r = post("/login", null, Map.of("token", TOKEN));
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    @Test
    void withoutASessionPagesAre401WithTheSignInFormAndDataIs401() throws Exception {
        for (String page : List.of("/", "/timeline", "/restore", "/alerts", "/monitoring", "/checklist", "/restore/job/1")) {
            HttpResponse<String> r = get(page, null);
            assertThat(r.statusCode()).as(page).isEqualTo(401);
            assertThat(r.body()).as(page).contains("<h1>Sign in</h1>").contains("action=\"/login\"")
                    .doesNotContain("Last snapshot").doesNotContain(db + "_");
        }
        for (String data : List.of("/live/overview", "/data/metrics/connections", "/data/capture-lag", "/live/job/1")) {
            assertThat(get(data, null).statusCode()).as(data).isEqualTo(401);
        }
        assertThat(post("/alerts/ack", null, Map.of("id", "1")).statusCode()).isEqualTo(401);
        assertThat(post("/restore/run", null, Map.of("point", "-1s")).statusCode()).isEqualTo(401);
        assertThat(get("/", "prodguard_session=guessed-or-stolen").statusCode()).isEqualTo(401);
        // the static files hold no data
        assertThat(get("/assets/app.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void signInGivesAnHttpOnlyStrictSessionAndAWrongTokenGivesNone() throws Exception {
        HttpResponse<String> wrong = post("/login", null, Map.of("token", TOKEN + "x"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> ok = post("/login", null, Map.of("token", TOKEN));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).contains("/");
        assertThat(ok.headers().firstValue("Set-Cookie").orElseThrow()).startsWith(Sessions.COOKIE + "=")
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        String cookie = signIn();
        HttpResponse<String> page = get("/", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"verdict-text\"");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
                .doesNotContain("unsafe-inline").contains("frame-ancestors 'none'");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain(" style=");
        // "simulate a preview reset" exists only in the demo
        assertThat(page.body()).doesNotContain("simulate-reset").doesNotContain("/demo/reset");
        assertThat(post("/demo/reset", cookie, Map.of("csrf", csrf(page.body()))).statusCode()).isEqualTo(404);
    }

    @Test
    void theOverviewLinksTheNewestReportServedWithAPolicyForItsInlineStylesOnly() throws Exception {
        String cookie = signIn();
        assertThat(get("/", cookie).body()).doesNotContain("/reports/latest");
        assertThat(get("/reports/latest", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/reports/latest", null).statusCode()).isEqualTo(401);
        java.nio.file.Path reports = dev.prodguard.report.ReportFiles.dir(dir.resolve("state"));
        dev.prodguard.report.ReportFiles.write(reports.resolve("weekly-20261123-060000Z.html"), "<!DOCTYPE html><p>older");
        dev.prodguard.report.ReportFiles.write(reports.resolve("monthly-20261101-060000Z.html"), "<!DOCTYPE html><p>oldest");
        dev.prodguard.report.ReportFiles.write(reports.resolve("weekly-20261124-060000Z.html"),
                "<!DOCTYPE html><style>p{color:red}</style><p>newest");
        assertThat(get("/", cookie).body()).contains("<a href=\"/reports/latest\">weekly-20261124-060000Z.html</a>");
        HttpResponse<String> report = get("/reports/latest", cookie);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).endsWith("<p>newest");
        assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow())
                .isEqualTo("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none';"
                        + " form-action 'none'");
        assertThat(report.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void aSignInLinkWorksOnceAndASessionEndsAfterTheIdleLimit() throws Exception {
        String link = dashboard.signInPath();
        HttpResponse<String> first = get(link, null);
        assertThat(first.statusCode()).isEqualTo(303);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(get(link, null).statusCode()).isEqualTo(401);
        assertThat(get("/", cookie).statusCode()).isEqualTo(200);
        clock.advance(Sessions.IDLE.plusMinutes(1));
        assertThat(get("/", cookie).statusCode()).isEqualTo(401);
        String late = dashboard.signInPath();
        clock.advance(Sessions.CODE_VALID.plusSeconds(1));
        assertThat(get(late, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        long id = guardian.alerts().raise(new AlertSpec("test:csrf", "test-rule", Severity.WARNING, "A test alert",
                Map.of("what", "nothing"))).id();
        String cookie = signIn();
        String token = csrf(get("/alerts", cookie).body());
        HttpResponse<String> none = post("/alerts/ack", cookie, Map.of("id", Long.toString(id)));
        HttpResponse<String> wrong = post("/alerts/ack", cookie, Map.of("id", Long.toString(id), "csrf", token + "x"));
        String otherSession = csrf(get("/alerts", signIn()).body());
        HttpResponse<String> foreign = post("/alerts/ack", cookie, Map.of("id", Long.toString(id), "csrf", otherSession));
        for (HttpResponse<String> r : List.of(none, wrong, foreign)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("nothing was changed");
        }
        assertThat(guardian.alerts().acknowledgements(guardian.alerts().active())).isEmpty();
        HttpResponse<String> right = post("/alerts/ack", cookie, Map.of("id", Long.toString(id), "csrf", token));
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(guardian.alerts().acknowledgements(guardian.alerts().active())).containsKey(id);
        assertThat(get("/alerts", cookie).body()).contains("Acknowledged by dashboard (token)");
    }

    @Test
    void aForeignHostIsRefusedForPagesAndSignIn() throws Exception {
        int port = web.port();
        for (String path : List.of("/", "/login", "/timeline", "/assets/app.js", "/signin?code=x")) {
            RawHttp.Response r = RawHttp.get(port, path, "evil.example:" + port);
            assertThat(r.status()).as(path).isEqualTo(421);
            assertThat(r.body()).doesNotContain("Sign in");
        }
        String form = "token=" + TOKEN;
        RawHttp.Response login = RawHttp.send(port, "POST /login HTTP/1.1\r\nHost: rebind.example\r\nContent-Type:"
                + " application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);
        assertThat(login.status()).isEqualTo(421);
        assertThat(login.header("Set-Cookie")).isNull();
    }

    @Test
    void theWizardRefusesToRestoreOverTheExistingDatabaseUntilItsNameIsTyped() throws Exception {
        String cookie = signIn();
        String token = csrf(get("/restore", cookie).body());
        Map<String, String> choice = new LinkedHashMap<>(Map.of("csrf", token, "point", "instant",
                "instant", "2026-11-25T09:59:00Z", "scope", "all", "target", "existing", "confirm", ""));
        for (String typed : List.of("", db.toUpperCase(), db + "x", "coinhubx")) {
            choice.put("confirm", typed);
            for (String step : List.of("/restore/plan", "/restore/run")) {
                HttpResponse<String> r = post(step, cookie, choice);
                assertThat(r.statusCode()).as(step + " '" + typed + "'").isEqualTo(409);
                assertThat(r.body()).as(step).contains("type its name, " + db);
            }
        }
        assertThat(mongo.client().getDatabase(db).getCollection("wallets").countDocuments()).isEqualTo(1);
        // typed exactly, the request goes on to planning (here: no history to restore from yet, said so)
        choice.put("confirm", db);
        HttpResponse<String> planned = post("/restore/plan", cookie, choice);
        assertThat(planned.body()).doesNotContain("type its name, " + db).contains("outside every restorable window");
    }

    @Test
    void noConfiguredSecretAppearsInAnyPageOrResponse() throws Exception {
        stop();
        start(HttpLimits.DEFAULTS, true);
        guardian.alerts().raise(new AlertSpec("test:secrets", "test-rule", Severity.WARNING, "Delivery to " + WEBHOOK
                + " failed", Map.of("channel", WEBHOOK, "smtp", "smtp://alerts:" + SMTP_PASSWORD + "@127.0.0.1:9",
                "token seen", TOKEN, "key", REPO_KEY)));
        String cookie = signIn();
        String token = csrf(get("/", cookie).body());
        List<HttpResponse<String>> replies = new ArrayList<>();
        for (String page : List.of("/", "/live/overview", "/timeline", "/restore", "/restore?point=wipe:20261125T100000Z.1",
                "/alerts", "/monitoring?hours=1", "/checklist", "/data/metrics/connections", "/data/capture-lag",
                "/nothing", "/login", "/assets/app.js", "/health", "/metrics")) {
            replies.add(get(page, cookie));
        }
        replies.add(get("/", null));
        replies.add(post("/restore/plan", cookie, Map.of("csrf", token, "point", "instant", "instant", "-1s")));
        replies.add(post("/restore/plan", cookie, Map.of("csrf", token, "point", "garbage")));
        replies.add(post("/alerts/ack", cookie, Map.of("id", "1")));
        replies.add(post("/login", null, Map.of("token", TOKEN + "!")));
        assertThat(replies).extracting(HttpResponse::statusCode).contains(200, 401, 403, 404);
        for (HttpResponse<String> r : replies) {
            String all = r.headers().map() + "\n" + r.body();
            for (String marker : MARKERS) {
                assertThat(all).as(r.uri() + " (" + r.statusCode() + ")").doesNotContain(marker);
            }
        }
        assertThat(replies.get(5).body()).contains("Delivery to").contains(Secrets.MASK);
    }

    @Test
    void idleAndSlowClientsDoNotStallThePagesAndADribbledFormIsCutOff() throws Exception {
        stop();
        start(new HttpLimits(Duration.ofSeconds(1), 8, 8 * 1024, 8, 1024), false);
        int port = web.port();
        for (int i = 0; i < 5; i++) {
            sockets.add(new Socket(InetAddress.getLoopbackAddress(), port)); // connect, send nothing
        }
        Socket slow = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(slow);
        String body = "token=" + TOKEN;
        OutputStream out = slow.getOutputStream();
        out.write(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 3)).getBytes(StandardCharsets.US_ASCII));
        out.flush(); // then nothing more: the body never completes
        Instant t0 = Instant.now();
        assertThat(get("/login", null).statusCode()).isEqualTo(200);
        assertThat(get("/", signIn()).statusCode()).isEqualTo(200);
        assertThat(Duration.between(t0, Instant.now())).as("answered while the others stall (hang guard)")
                .isLessThan(Duration.ofSeconds(10));
        slow.setSoTimeout(RawHttp.HANG_GUARD_MS);
        InputStream in = slow.getInputStream();
        byte[] reply = in.readAllBytes(); // the server gives up on the body at the deadline and closes
        assertThat(new String(reply, StandardCharsets.ISO_8859_1)).doesNotContain("Set-Cookie");
        String big = "token=" + "a".repeat(2048);
        RawHttp.Response tooBig = RawHttp.send(port, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:"
                + " application/x-www-form-urlencoded\r\nContent-Length: " + big.length() + "\r\nConnection: close\r\n\r\n" + big);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(get("/login", null).statusCode()).isEqualTo(200);
    }
}
