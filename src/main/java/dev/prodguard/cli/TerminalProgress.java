package dev.prodguard.cli;

import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.text.Sizes;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr (documents, bytes, rate, ETA) for a person at a terminal. */
final class TerminalProgress implements ProgressListener {
    /** Room for the bar, counts, ETA, rate and bytes; a terminal narrower than this wraps. */
    private static final int WIDTH = 120;

    private final CliContext ctx;
    private final String task;
    private final AtomicLong bytes = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;

    private TerminalProgress(CliContext ctx, String task) {
        this.ctx = ctx;
        this.task = task;
    }

    /** A bar when a person watches and no JSON was asked for; otherwise silence. */
    static ProgressListener forContext(CliContext ctx, String task, boolean json) {
        return ctx.interactive() && !json ? new TerminalProgress(ctx, task) : ProgressListener.NONE;
    }

    @Override
    public synchronized void started(long estimatedDocuments) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(estimatedDocuments, 1))
                .setUnit(" docs", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(ctx.err(), WIDTH)).setUpdateIntervalMillis(250).build();
    }

    @Override
    public void advanced(long documents, long rawBytes) {
        long b = bytes.addAndGet(rawBytes);
        synchronized (this) {
            if (bar == null) {
                return;
            }
            bar.stepBy(documents);
            if (bar.getCurrent() > bar.getMax()) {
                bar.maxHint(bar.getCurrent());
            }
            double secs = Math.max((System.nanoTime() - startNanos) / 1e9, 0.001);
            bar.setExtraMessage(" " + Sizes.human(b) + ", " + Sizes.human((long) (b / secs)) + "/s");
        }
    }

    @Override
    public synchronized void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
