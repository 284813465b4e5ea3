package dev.prodguard.web;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.guardian.GuardianHealth;
import dev.prodguard.http.HardenedServer;
import dev.prodguard.http.HostAllowList;
import dev.prodguard.http.HttpApp;
import dev.prodguard.http.HttpCall;
import dev.prodguard.http.HttpLimits;
import dev.prodguard.http.HttpReply;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;

/**
 * The guardian's HTTP endpoints on {@code PRODGUARD_HTTP_BIND} (127.0.0.1 by default): the dashboard (when given),
 * {@code /health} (JSON; 200 while the database is protected,
 * 503 while it is not, see {@link GuardianHealth}) and {@code /metrics} (Prometheus text). Both answer
 * without a token: they carry no data and listen on loopback only. The JSON API ({@link GuardianApi},
 * under {@code /api}) sits behind a token. Served by a {@link HardenedServer} (limits, Host allow-list
 * from {@code PRODGUARD_HTTP_HOSTS}, security headers).
 */
public final class GuardianHttp implements AutoCloseable {
    private final HardenedServer server;

    private GuardianHttp(HardenedServer server) {
        this.server = server;
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
        return start(guardian, metrics, port, token, HttpLimits.DEFAULTS);
    }

    /** As {@link #start(Guardian, GuardianMetrics, int, ApiToken)} with other limits (tests: short deadlines). */
    static GuardianHttp start(Guardian guardian, GuardianMetrics metrics, int port, ApiToken token, HttpLimits limits) {
        return start(guardian, metrics, port, token, null, limits);
    }

    /**
     * Serves the guardian as {@link #start(Guardian, GuardianMetrics, int, ApiToken)} does, on the address
     * {@code PRODGUARD_HTTP_BIND} (127.0.0.1 by default), with {@code dashboard} answering every other path (null:
     * 404 there).
     */
    public static GuardianHttp start(Guardian guardian, GuardianMetrics metrics, int port, ApiToken token, HttpApp dashboard,
            HttpLimits limits) {
        HostAllowList hosts = HostAllowList.withNames(guardian.settings().get(ConfigKey.HTTP_HOSTS).orElse(null));
        GuardianApi api = token == null ? null : new GuardianApi(guardian, token);
        String bind = guardian.settings().get(ConfigKey.HTTP_BIND).orElse("127.0.0.1");
        try {
            return new GuardianHttp(HardenedServer.start("guardian-http", InetAddress.getByName(bind), port, limits,
                    hosts, call -> route(call, guardian, metrics, api, dashboard)));
        } catch (BindException e) {
            throw ProdguardException.config("port " + port + " on " + bind + " is already in use (another guardian?), or "
                    + bind + " is not an address of this machine; stop it or set PRODGUARD_HTTP_PORT to a free port (0 picks"
                    + " one) and PRODGUARD_HTTP_BIND to an address of this machine");
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.INTERNAL, "could not open the guardian's HTTP port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static HttpReply route(HttpCall call, Guardian guardian, GuardianMetrics metrics, GuardianApi api,
            HttpApp dashboard) throws Exception {
        String path = call.path();
        if (api != null && (path.equals("/api") || path.startsWith("/api/"))) {
            return api.handle(call);
        }
        boolean health = path.equals("/health");
        if (!health && !path.equals("/metrics")) {
            return dashboard != null ? dashboard.handle(call) : HttpReply.text(404, "not found\n");
        }
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            return HttpReply.text(405, "GET only\n").withHeader("Allow", "GET, HEAD");
        }
        if (health) {
            GuardianHealth h = guardian.health();
            return HttpReply.json(h.httpStatus(), HealthJson.write(h));
        }
        return new HttpReply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(), java.util.Map.of());
    }

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    /** Connections open now. */
    int openConnections() {
        return server.openConnections();
    }

    /** Stops serving (waits at most a second for open exchanges). */
    @Override
    public void close() {
        server.close();
    }
}
