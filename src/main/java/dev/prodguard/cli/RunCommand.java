package dev.prodguard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard run}: the guardian, until SIGTERM (or Ctrl-C) stops it cleanly with exit 0. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run the guardian, the long-running process that protects the database.",
            "It captures changes continuously (point-in-time restore; the first snapshot at once when "
                    + "the repository holds none), detects wipes, takes scheduled snapshots, runs weekly "
                    + "restore tests, monitors, alerts, and serves /health, /metrics, the dashboard and the "
                    + "token-protected JSON API (/api/...) on 127.0.0.1, port PRODGUARD_HTTP_PORT.",
            "Schedules come from the 'schedule:' section of prodguard.yml; docs/guardian.md explains them.",
            "SIGTERM stops it cleanly: running jobs commit, stores close, and it exits 0."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard run",
            "  PRODGUARD_HTTP_PORT=9108 prodguard run"})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.ctx();
        if (!root.verbose && LoggerFactory.getLogger("dev.prodguard") instanceof Logger l) {
            l.setLevel(Level.INFO); // a daemon's log says what it does
        }
        GuardianProcess guardian = GuardianProcess.start(ctx.settings(), ctx.clock());
        CountDownLatch stopped = new CountDownLatch(1);
        CleanStop.register("guardian-shutdown", ctx, () -> {
            guardian.close();
            ctx.println("prodguard run: stopped cleanly");
            stopped.countDown();
            return 0;
        });
        ctx.println("prodguard run: guarding " + ctx.settings().dbName() + "; repository "
                + guardian.guardian().repository().location());
        ctx.println("  dashboard: " + guardian.signInLink() + " (a one-time sign-in link, valid 15 minutes)");
        ctx.println("  health:  http://127.0.0.1:" + guardian.port() + "/health");
        ctx.println("  metrics: http://127.0.0.1:" + guardian.port() + "/metrics");
        ctx.println("  api:     http://127.0.0.1:" + guardian.port() + "/api/status (send 'Authorization: Bearer <token>';"
                + " the token is in " + guardian.tokenWhere() + ")");
        ctx.println("  capture: changes committed to the repository; a dropped collection or mass delete raises a wipe"
                + " alert naming the restore point ('prodguard restore --to before-last-drop')");
        ctx.println("Stop with SIGTERM or Ctrl-C.");
        stopped.await();
        return 0;
    }
}
