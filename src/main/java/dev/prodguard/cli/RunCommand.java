package dev.prodguard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.web.ApiToken;
import dev.prodguard.guardian.CaptureTask;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.web.GuardianHttp;
import dev.prodguard.web.GuardianMetrics;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard run}: the guardian, until SIGTERM (or Ctrl-C) stops it cleanly with exit 0. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the guardian: continuous change capture (point-in-time restore; the first snapshot at once"
            + " when the repository holds none), wipe detection, scheduled snapshots, weekly restore tests, monitoring"
            + " and alerts, /health, /metrics and the token-protected JSON API (/api/...) on 127.0.0.1:PRODGUARD_HTTP_PORT.",
            "Schedules come from the 'schedule:' section of prodguard.yml (see docs/guardian.md).",
            "SIGTERM stops it cleanly: running jobs commit, stores close, exit 0."})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.ctx();
        if (!root.verbose && LoggerFactory.getLogger("dev.prodguard") instanceof Logger l) {
            l.setLevel(Level.INFO); // a daemon's log says what it does
        }
        int port = ctx.settings().intValue(ConfigKey.HTTP_PORT); // validated by the loader: 0-65535
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guardian-tick");
            t.setDaemon(true);
            return t;
        });
        ApiToken token = ApiToken.resolve(ctx.settings());
        Guardian guardian;
        GuardianHttp http;
        try {
            guardian = Guardian.start(ctx.settings(), ctx.clock(), ticker, Guardian.jobPool(),
                    List.of(CaptureTask.from(ctx.settings())));
        } catch (RuntimeException e) {
            ticker.shutdownNow();
            throw e;
        }
        try {
            http = GuardianHttp.start(guardian, new GuardianMetrics(guardian), port, token);
        } catch (RuntimeException e) {
            guardian.close();
            ticker.shutdownNow();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            guardian.close();
            ticker.shutdownNow();
            ctx.println("prodguard run: stopped cleanly");
            ctx.out().flush();
            ctx.err().flush();
            stopped.countDown();
            // SIGTERM is how systemd and users stop a guardian: a clean stop is a success, not 143
            Runtime.getRuntime().halt(0);
        }, "guardian-shutdown"));
        ctx.println("prodguard run: guarding " + ctx.settings().dbName() + "; repository " + guardian.repository().location());
        ctx.println("  health:  http://127.0.0.1:" + http.port() + "/health");
        ctx.println("  metrics: http://127.0.0.1:" + http.port() + "/metrics");
        ctx.println("  api:     http://127.0.0.1:" + http.port() + "/api/status (send 'Authorization: Bearer <token>';"
                + " the token is in " + token.where() + ")");
        ctx.println("  capture: changes committed to the repository; a dropped collection or mass delete raises a wipe"
                + " alert naming the restore point ('prodguard restore --to before-last-drop')");
        ctx.println("Stop with SIGTERM or Ctrl-C.");
        stopped.await();
        return 0;
    }
}
