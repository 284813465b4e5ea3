package dev.prodguard.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One capture loop: stamp the heartbeat, poll the change source, stream the events into the segment
 * writer, and commit when due. The CLI {@code capture} command and the guardian drive it; it holds no
 * thread of its own.
 */
public final class CaptureRunner {
    /** Waits between idle polls (the embedded server has no awaitData). */
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private final ChangeSource source;
    private final SegmentWriter writer;
    private final Heartbeat heartbeat;
    private long eventsCaptured;

    public CaptureRunner(ChangeSource source, SegmentWriter writer, Heartbeat heartbeat) {
        this.source = source;
        this.writer = writer;
        this.heartbeat = heartbeat;
    }

    /** One poll; returns the segment committed by it, or null. */
    public SegmentManifest step() {
        heartbeat.beatIfDue();
        ChangeBatch batch = source.nextBatch();
        List<ChangeEvent> data = new ArrayList<>(batch.events().size());
        for (ChangeEvent e : batch.events()) {
            if (Heartbeat.isHeartbeat(e)) {
                heartbeat.observe(e);
            } else {
                data.add(e);
            }
        }
        writer.add(data, batch.position());
        eventsCaptured += data.size();
        return writer.due() ? writer.commit() : null;
    }

    /**
     * On stop (SIGTERM): stamps a heartbeat and polls until it comes back through the stream, so every
     * change acknowledged before the stop is received, at most {@code maxPolls} polls. Commits due on the
     * way go to {@code committed}; the caller flushes after. Returns whether the heartbeat came back.
     */
    public boolean drain(int maxPolls, Duration idle, Pause pause, java.util.function.Consumer<SegmentManifest> committed)
            throws InterruptedException {
        java.time.Instant stamp = heartbeat.beatNow();
        for (int i = 0; i < maxPolls; i++) {
            long before = eventsCaptured;
            SegmentManifest m = step();
            if (m != null) {
                committed.accept(m);
            }
            if (heartbeat.seen(stamp)) {
                return true;
            }
            if (eventsCaptured == before) {
                pause.pause(idle);
            }
        }
        return false;
    }

    /** Commits whatever is buffered now (stop, SIGTERM); null when nothing was new. */
    public SegmentManifest flush() {
        return writer.commit();
    }

    /** Runs until {@code stop} says so, pausing {@code idle} after an empty poll; flushes at the end. */
    public void runUntil(BooleanSupplier stop, Duration idle, Pause pause) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            long before = eventsCaptured;
            step();
            if (eventsCaptured == before) {
                pause.pause(idle);
            }
        }
        flush();
    }

    /** Events stored so far by this runner. */
    public long eventsCaptured() {
        return eventsCaptured;
    }

    /** The capture lag from the newest heartbeat, or null. */
    public Duration lag() {
        return heartbeat.lastLag();
    }
}
