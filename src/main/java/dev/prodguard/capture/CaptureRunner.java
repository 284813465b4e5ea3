package dev.prodguard.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One capture loop: stamp the heartbeat, poll the change source, stream the events into the segment
 * writer, and commit when due. The CLI {@code capture} command and the guardian drive it; it holds no
 * thread of its own. While continuity is in doubt (prodguard's marker vanished from the database) it
 * can {@link #hold()} what arrives instead of writing it, until the doubt is settled: a drop of the
 * heartbeat collection or of the database among the held events explains the vanished marker
 * ({@link #release()}), otherwise the held events belong to another history ({@link #discard()}). A snapshot's
 * request to catch up ({@link CatchUp}) commits at once what arrived before it.
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
    private boolean holding;
    private final List<ChangeEvent> held = new ArrayList<>();
    private CapturePosition heldPosition;
    private boolean heldExplained;
    private boolean heartbeatDropped;
    private SchemaWatch schema;
    private String catchUp;

    public CaptureRunner(ChangeSource source, SegmentWriter writer, Heartbeat heartbeat) {
        this.source = source;
        this.writer = writer;
        this.heartbeat = heartbeat;
    }

    /** Also records the indexes as {@code watch} lists them (servers that do not report index changes); null: none. */
    public CaptureRunner schema(SchemaWatch watch) {
        this.schema = watch;
        return this;
    }

    /** One poll; returns the segment committed by it, or null. */
    public SegmentManifest step() {
        heartbeat.beatIfDue();
        ChangeBatch batch = source.nextBatch();
        List<ChangeEvent> data = new ArrayList<>(batch.events().size());
        for (ChangeEvent e : batch.events()) {
            if (e instanceof ChangeEvent.Drop && Heartbeat.isHeartbeat(e) || e instanceof ChangeEvent.DropDatabase) {
                heartbeatDropped = true; // prodguard's marker went with it: its absence is explained
                heldExplained |= holding;
            }
            if (schema != null) {
                schema.saw(e); // a dropped collection is listed again when it comes back
                if (e.meta().ns() != null && dev.prodguard.config.OwnCollections.RESTORE_MARKER.equals(e.meta().ns().coll())) {
                    schema.soon(); // a restore began or ended: it rebuilds indexes, list them at once
                }
            }
            if (Heartbeat.isHeartbeat(e)) {
                heartbeat.observe(e);
                String nonce = CatchUp.requested(e);
                catchUp = nonce != null ? nonce : catchUp;
            } else {
                data.add(e);
            }
        }
        if (schema != null && schema.due()) {
            org.bson.BsonTimestamp at = batch.position() != null && batch.position().clusterTime() != null
                    ? batch.position().clusterTime() : data.isEmpty() ? null : data.get(data.size() - 1).meta().clusterTime();
            if (at != null) {
                data.addAll(schema.observe(at));
            }
        }
        if (holding) {
            held.addAll(data);
            heldPosition = batch.position() != null ? batch.position() : heldPosition;
            return null;
        }
        writer.add(data, batch.position());
        eventsCaptured += data.size();
        if (catchUp != null) { // a snapshot waits to start: commit what came before its request now, then say so
            SegmentManifest m = writer.commit();
            writer.acknowledge(catchUp);
            catchUp = null;
            return m;
        }
        return writer.due() ? writer.commit() : null;
    }

    /** From now on, keeps what arrives in memory instead of writing it (the writer's position stays). */
    public void hold() {
        holding = true;
        heldExplained = false;
    }

    /** Whether holding, and how many events are held. */
    public int held() {
        return holding ? held.size() : -1;
    }

    /** Whether a drop of the heartbeat collection or of the database arrived while holding. */
    public boolean heldExplained() {
        return holding && heldExplained;
    }

    /** Writes the held events after all (they continue the history) and stops holding. */
    public void release() {
        if (holding) {
            writer.add(held, heldPosition);
            eventsCaptured += held.size();
        }
        stopHolding();
    }

    /** Throws the held events away (they belong to another history) and stops holding. */
    public void discard() {
        stopHolding();
    }

    private void stopHolding() {
        holding = false;
        held.clear();
        heldPosition = null;
        heldExplained = false;
    }

    /** Whether a drop of the heartbeat collection or of the database arrived since the last call. */
    public boolean takeHeartbeatDropped() {
        boolean d = heartbeatDropped;
        heartbeatDropped = false;
        return d;
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
