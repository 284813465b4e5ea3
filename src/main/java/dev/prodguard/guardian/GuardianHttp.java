package dev.prodguard.guardian;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian's HTTP endpoints on 127.0.0.1: {@code /health} (JSON; 200 when ok or degraded, 503
 * when failing) and {@code /metrics} (Prometheus text). Both answer without a token: they carry no
 * data and listen on loopback only. The JSON API ({@link GuardianApi}, under {@code /api}) sits behind a token.
 */
public final class GuardianHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardianHttp.class);

    private final HttpServer server;
    private final ExecutorService pool;

    private GuardianHttp(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Serves the guardian on 127.0.0.1:{@code port} (0: any free port; see {@link #port()}).
     *
     * @throws ProdguardException CONFIG when the port is taken
     */
    public static GuardianHttp start(Guardian guardian, GuardianMetrics metrics, int port) {
        return start(guardian, metrics, port, null);
    }

    /**
     * Serves the guardian as {@link #start(Guardian, GuardianMetrics, int)} does, plus the JSON API under
     * {@code /api} behind {@code token} (null: no API).
     */
    public static GuardianHttp start(Guardian guardian, GuardianMetrics metrics, int port, ApiToken token) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw ProdguardException.config("port " + port + " on 127.0.0.1 is already in use (another guardian?);"
                    + " stop it or set PRODGUARD_HTTP_PORT to a free port (0 picks one)");
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.INTERNAL, "could not open the guardian's HTTP port " + port + ": "
                    + e.getMessage(), e);
        }
        server.createContext("/health", ex -> handle(ex, () -> {
            GuardianHealth h = guardian.health();
            return new Reply(h.isFailing() ? 503 : 200, "application/json", HealthJson.write(h));
        }));
        server.createContext("/metrics", ex -> handle(ex, () ->
                new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
        if (token != null) {
            server.createContext("/api", new GuardianApi(guardian, token));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "guardian-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.start();
        return new GuardianHttp(server, pool);
    }

    private record Reply(int status, String type, String body) {}

    @FunctionalInterface
    private interface Handler {
        Reply reply() throws Exception;
    }

    private static void handle(HttpExchange ex, Handler h) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, new Reply(405, "text/plain; charset=utf-8", "GET only\n"));
                return;
            }
            // exact paths only: /health/x is not /health
            String path = ex.getRequestURI().getPath();
            if (!path.equals(ex.getHttpContext().getPath())) {
                send(ex, new Reply(404, "text/plain; charset=utf-8", "not found\n"));
                return;
            }
            Reply r;
            try {
                r = h.reply();
            } catch (Exception e) {
                LOG.warn("{} failed: {}", path, Secrets.scrub(String.valueOf(e.getMessage())));
                r = new Reply(500, "text/plain; charset=utf-8", "internal error; see the guardian's log\n");
            }
            send(ex, r);
        }
    }

    private static void send(HttpExchange ex, Reply r) throws IOException {
        byte[] body = Secrets.scrub(r.body()).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", r.type());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving (waits at most a second for open exchanges). */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
