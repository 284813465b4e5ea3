package dev.prodguard.cli;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.guardian.CaptureTask;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.http.HttpLimits;
import dev.prodguard.web.ApiToken;
import dev.prodguard.web.GuardianHttp;
import dev.prodguard.web.GuardianMetrics;
import dev.prodguard.web.dashboard.Dashboard;
import dev.prodguard.web.dashboard.DemoControls;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The guardian as a process, wired once for {@code prodguard run} and the demo: a tick thread, the guardian
 * with its capture task (which takes the first snapshot itself when the repository holds none), and its HTTP
 * server (the dashboard, {@code /health}, {@code /metrics}, the token-protected {@code /api}) on
 * PRODGUARD_HTTP_BIND:PRODGUARD_HTTP_PORT (127.0.0.1 by default).
 * Made by {@link #start}.
 */
public record GuardianProcess(ScheduledExecutorService ticker, Guardian guardian, GuardianHttp http, ApiToken token,
        Dashboard dashboard) implements AutoCloseable {
    /**
     * Starts everything from {@code settings}, with the dashboard; what started is closed again when a later part fails.
     *
     * @throws dev.prodguard.error.ProdguardException as {@link Guardian#start} and {@link GuardianHttp#start} do
     */
    public static GuardianProcess start(Settings settings, Clock clock) {
        return start(settings, clock, null);
    }

    /** As {@link #start(Settings, Clock)}, the dashboard with the demo's controls ({@code demo} null: none). */
    public static GuardianProcess start(Settings settings, Clock clock, DemoControls demo) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guardian-tick");
            t.setDaemon(true);
            return t;
        });
        ApiToken token;
        Guardian guardian;
        try {
            token = ApiToken.resolve(settings);
            guardian = Guardian.start(settings, clock, ticker, Guardian.jobPool(), List.of(CaptureTask.from(settings)));
        } catch (RuntimeException e) {
            ticker.shutdownNow();
            throw e;
        }
        try {
            int port = settings.intValue(ConfigKey.HTTP_PORT); // validated by the loader: 0-65535
            Dashboard dashboard = new Dashboard(guardian, token, demo);
            return new GuardianProcess(ticker, guardian, GuardianHttp.start(guardian, new GuardianMetrics(guardian), port,
                    token, dashboard, HttpLimits.DEFAULTS), token, dashboard);
        } catch (RuntimeException e) {
            guardian.close();
            ticker.shutdownNow();
            throw e;
        }
    }

    /** The HTTP port on 127.0.0.1. */
    public int port() {
        return http.port();
    }

    /**
     * A one-time sign-in link to the dashboard (valid 15 minutes, for one browser): never the token itself. Its host
     * is 127.0.0.1 unless the guardian listens elsewhere.
     */
    public String signInLink() {
        String bind = guardian.settings().get(ConfigKey.HTTP_BIND).orElse("127.0.0.1");
        String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("127.0.0.1") ? "127.0.0.1"
                : bind.contains(":") ? "[" + bind + "]" : bind;
        return "http://" + host + ":" + port() + dashboard.signInPath();
    }

    /** Where the API's bearer token is (a file path or the variable), never the token itself. */
    public String tokenWhere() {
        return token.where();
    }

    /** Stops the HTTP server, then the guardian (capture commits), then the tick thread. */
    @Override
    public void close() {
        http.close();
        dashboard.close();
        guardian.close();
        ticker.shutdownNow();
    }
}
