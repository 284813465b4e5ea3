package dev.prodguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.http.HttpLimits;
import dev.prodguard.http.RawHttp;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardian's HTTP server under hostile clients, over real sockets (issue 15 point 2): idle and slow
 * connections do not stall /health, /metrics or /api; a foreign {@code Host} (DNS rebinding) is refused;
 * oversized headers are refused; every reply carries the security headers. Timing bounds are hang guards only.
 */
class GuardianHttpHardeningTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    /** A client that gets no answer within this long counts as stalled (a hang guard, not a performance bound). */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROMPTLY).build();
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService slow = Executors.newScheduledThreadPool(1);

    @AfterEach
    void closeSockets() throws IOException {
        slow.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        Secrets.clearForTests();
    }

    private Settings settings(Map<String, String> extra) {
        String db = TestMongo.uniqueDb("http");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("user", "ada"));
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString()));
        env.putAll(extra);
        return new SettingsLoader(env, dir, dir).load();
    }

    private Guardian start(Settings s) {
        return Guardian.start(s, clock, null, Runnable::run, List.of());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(PROMPTLY).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(s);
        return s;
    }

    @Test
    void idleConnectionsDoNotStallHealthMetricsOrTheApi() throws Exception {
        Settings s = settings(Map.of());
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, ApiToken.resolve(s))) {
            for (int i = 0; i < 8; i++) {
                connect(web.port()); // connect, send nothing
            }
            assertThat(get(web.port(), "/health").statusCode()).isEqualTo(200);
            assertThat(get(web.port(), "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(web.port(), "/api/status").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void slowClientsSendingOneHeaderByteASecondDoNotStallOthers() throws Exception {
        Settings s = settings(Map.of());
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0)) {
            byte[] request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + web.port() + "\r\nUser-Agent: slow\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 4; i++) {
                dribble(connect(web.port()).getOutputStream(), request, Duration.ofSeconds(1));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(get(web.port(), "/health").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aForeignHostIsRefusedSoDnsRebindingCannotReadHealthOrMetrics() throws Exception {
        Settings s = settings(Map.of());
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0)) {
            int port = web.port();
            for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port,
                    "localhost.evil.example:" + port)) {
                for (String path : List.of("/health", "/metrics", "/api/status")) {
                    RawHttp.Response r = RawHttp.get(port, path, host);
                    assertThat(r.status()).as(host + " " + path).isEqualTo(421);
                    assertThat(r.body()).as(host + " " + path).doesNotContain("lastSnapshot").doesNotContain("prodguard_");
                }
            }
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port,
                    "127.0.0.1", "localhost")) {
                assertThat(RawHttp.get(port, "/health", host).status()).as(host).isEqualTo(200);
            }
        }
    }

    @Test
    void everyReplyCarriesTheSecurityHeaders() throws Exception {
        Settings s = settings(Map.of());
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, ApiToken.resolve(s))) {
            int port = web.port();
            List<RawHttp.Response> replies = List.of(RawHttp.get(port, "/health", "127.0.0.1:" + port),
                    RawHttp.get(port, "/metrics", "localhost:" + port), RawHttp.get(port, "/api/status", "localhost:" + port),
                    RawHttp.get(port, "/nothing", "localhost:" + port), RawHttp.get(port, "/health", "evil.example"));
            assertThat(replies).extracting(RawHttp.Response::status).containsExactly(200, 200, 401, 404, 421);
            for (RawHttp.Response r : replies) {
                assertThat(r.header("X-Content-Type-Options")).as(r.status() + "").isEqualTo("nosniff");
                assertThat(r.header("X-Frame-Options")).as(r.status() + "").isEqualTo("DENY");
                assertThat(r.header("Cache-Control")).as(r.status() + "").isEqualTo("no-store");
                assertThat(r.header("Content-Security-Policy")).as(r.status() + "").contains("default-src 'none'")
                        .contains("frame-ancestors 'none'");
                assertThat(r.header("Server")).as("no version banner").isNull();
            }
        }
    }

    @Test
    void oversizedRequestHeadersAreRefused() throws Exception {
        Settings s = settings(Map.of());
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0)) {
            RawHttp.Response r = RawHttp.get(web.port(), "/health", "127.0.0.1:" + web.port(), "X-Big: " + "a".repeat(64 * 1024));
            assertThat(r.status()).isEqualTo(431);
            assertThat(get(web.port(), "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void idleAndSlowConnectionsAreCutOffAtTheirDeadlineAndConnectionsAreBounded() throws Exception {
        Settings s = settings(Map.of());
        HttpLimits limits = new HttpLimits(Duration.ofSeconds(1), 4, 8 * 1024, 8);
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0, null, limits)) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                idle.add(connect(web.port()));
            }
            Socket dribbling = connect(web.port());
            byte[] head = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "x".repeat(200) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            AtomicInteger next = dribble(dribbling.getOutputStream(), head, Duration.ofMillis(200));
            assertThat(web.openConnections()).isLessThanOrEqualTo(limits.maxConnections());
            assertThat(get(web.port(), "/health").statusCode()).isEqualTo(200);
            for (Socket sock : idle) {
                assertThat(closedByServer(sock)).as("an idle connection is closed by the server").isTrue();
            }
            assertThat(closedByServer(dribbling)).as("the dribbling client is cut off before its headers end").isTrue();
            assertThat(next.get()).isLessThan(head.length);
            assertThat(web.openConnections()).isLessThanOrEqualTo(limits.maxConnections());
        }
    }

    @Test
    void aConfiguredPublicNameIsAnswered() throws Exception {
        Settings s = settings(Map.of("PRODGUARD_HTTP_HOSTS", "guardian.example.org, Proxy.Example.NET:8443"));
        try (Guardian g = start(s); GuardianHttp web = GuardianHttp.start(g, new GuardianMetrics(g), 0)) {
            int port = web.port();
            assertThat(RawHttp.get(port, "/health", "guardian.example.org").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/health", "guardian.example.org:443").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/health", "proxy.example.net:8443").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/health", "proxy.example.net:9000").status()).isEqualTo(421);
            RawHttp.Response refused = RawHttp.get(port, "/metrics", "other.example.org");
            assertThat(refused.status()).isEqualTo(421);
            assertThat(refused.body()).contains("guardian.example.org").contains("PRODGUARD_HTTP_HOSTS");
        }
    }

    /** Sends {@code bytes} one at a time, one every {@code every}; returns the index of the next byte to send. */
    private AtomicInteger dribble(OutputStream out, byte[] bytes, Duration every) {
        AtomicInteger next = new AtomicInteger();
        slow.scheduleAtFixedRate(() -> {
            int at = next.getAndIncrement();
            if (at < bytes.length) {
                try {
                    out.write(bytes[at]);
                    out.flush();
                } catch (IOException e) {
                    next.set(bytes.length); // the server hung up on it: fine
                }
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return next;
    }

    /** True when the server closed the connection (end of stream or reset) before the hang guard. */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(RawHttp.HANG_GUARD_MS);
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset
        }
    }
}
