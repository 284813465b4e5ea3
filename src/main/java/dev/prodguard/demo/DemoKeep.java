package dev.prodguard.demo;

import dev.prodguard.alert.Alert;
import dev.prodguard.cli.CleanStop;
import dev.prodguard.cli.CliContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code prodguard demo --keep}: the demo's exchange, traffic and guardian stay up until Ctrl-C,
 * SIGTERM or {@code prodguard demo stop}, printing each alert the guardian opens, so that a second
 * terminal can wipe the database, restore it and check the books.
 */
public record DemoKeep(CliContext ctx, Path dir, int users, Path dataFile) {
    /**
     * Runs until stopped; returns 0 after a clean stop. A SIGTERM or Ctrl-C stops the demo cleanly too
     * ({@code halt} with exit 0 once everything is closed, like {@code prodguard run}).
     */
    public int run() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        ctx.println("== prodguard demo --keep: an exchange on a throwaway embedded database, live traffic, the guardian");
        DemoRuntime rt = DemoRuntime.start(ctx, dir, users, dataFile, ctx::println);
        Thread hook = CleanStop.register("demo-shutdown", ctx, () -> {
            rt.close();
            ctx.println("prodguard demo: stopped cleanly");
            closed.countDown();
            return 0;
        });
        try {
            DemoText.where(rt).forEach(ctx::println);
            ctx.println("");
            DemoText.keep(rt, ctx.workDir()).forEach(ctx::println);
            watch(rt);
        } finally {
            if (CleanStop.remove(hook)) {
                rt.close();
                ctx.println("prodguard demo: stopped cleanly");
            } else { // the hook is closing everything; wait for it
                closed.await(DemoControl.STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    /** Prints alerts as they open and traffic pauses, until a stop is asked for. */
    private void watch(DemoRuntime rt) throws InterruptedException {
        Set<Long> shown = new HashSet<>();
        rt.process().guardian().alerts().active().forEach(a -> shown.add(a.id()));
        boolean pausedShown = false;
        while (!DemoControl.stopRequested(dir)) {
            for (Alert a : rt.process().guardian().alerts().active()) {
                if (shown.add(a.id())) {
                    ctx.println("");
                    DemoText.alert(a, null).forEach(ctx::println);
                    if (a.ruleId().equals(dev.prodguard.alert.WipeAlert.RULE)) {
                        ctx.println("  restore it (second terminal): see the restore command above; then ./prodguard demo books");
                    }
                }
            }
            if (!pausedShown && rt.traffic().paused()) {
                pausedShown = true;
                ctx.println("traffic stays paused for the rest of this run (restart the demo for fresh traffic)");
            }
            Thread.sleep(Duration.ofMillis(250).toMillis());
        }
        ctx.println("prodguard demo: stop requested; stopping the traffic and the guardian (capture commits first)");
    }
}
