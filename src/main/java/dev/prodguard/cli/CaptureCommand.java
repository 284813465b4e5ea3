package dev.prodguard.cli;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard capture}: follow DB_NAME's change stream into the repository until stopped (SIGTERM commits and exits 0). */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {
            "Capture DB_NAME's changes into the backup repository continuously, in the foreground.",
            "It resumes from the last committed position and takes a first snapshot when none covers "
                    + "the captured history. While changes flow it commits a change segment every "
                    + "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS milliseconds (500 by default); when idle it "
                    + "advances the capture tip record instead (a segment at most every 5 minutes).",
            "Ctrl-C or SIGTERM waits for the stream to deliver everything written before it, commits, "
                    + "and exits 0."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard capture",
            "  prodguard capture --duration 600"})
public final class CaptureCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run until stopped).")
    Double duration;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.ctx();
        String db = ctx.settings().dbName();
        CaptureService.Timing timing = CaptureService.Timing.from(ctx.settings());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(70);
        Instant until = duration == null ? null : ctx.clock().instant().plusMillis((long) (duration * 1000));
        // a stop asked for by SIGTERM is a normal end: exit 0 once capture has committed (the JVM would report 143)
        Thread hook = CleanStop.register("capture-stop", ctx, () -> {
            stop.set(true);
            try {
                return done.await(20, TimeUnit.SECONDS) ? exit.get() : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
        try (Repository repo = RepoAccess.repository(ctx, true); MongoClient client = RepoAccess.client(ctx)) {
            ctx.println("capturing " + db + " into " + repo.location() + " (stop with Ctrl-C or SIGTERM)");
            CaptureService.Summary s = new CaptureService(client, repo, db, timing, RepoAccess.snapshotOptions(ctx), ctx.clock(),
                    CaptureService.Pause.SLEEP).log(ctx::println)
                    .run(() -> stop.get() || (until != null && !ctx.clock().instant().isBefore(until)));
            if (s.path() == null) { // stopped while still probing: the database never answered
                throw new ProdguardException(ErrorCode.CONNECTION, "capture never reached database " + db + " at "
                        + ctx.settings().mongo().redacted() + (until != null ? " within --duration " + duration + " s" : "")
                        + "; nothing was captured; run 'prodguard doctor' for a diagnosis");
            }
            ctx.println("capture stopped: " + s.events() + " change(s) in " + s.segments() + " segment(s) committed"
                    + (s.gaps() > 0 ? ", " + s.gaps() + " gap(s) recorded" : "")
                    + (s.reconnects() > 0 ? ", " + s.reconnects() + " reconnect(s)" : ""));
            if (s.unreachableSince() != null) {
                String why = "capture ended while database " + db + " was unreachable (since " + Instants.human(s.unreachableSince())
                        + "): changes made since then are not captured yet; they will be when capture runs again while the"
                        + " database's change history still holds them; run 'prodguard doctor' for a diagnosis";
                if (until != null && !stop.get()) {
                    throw new ProdguardException(ErrorCode.CONNECTION, why);
                }
                ctx.warn(why);
            }
            exit.set(0);
            return 0;
        } catch (ProdguardException e) {
            exit.set(e.code().exitCode());
            throw e;
        } finally {
            done.countDown();
            CleanStop.remove(hook); // false while the hook runs: it waits for done
        }
    }
}
