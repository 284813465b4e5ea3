package dev.prodguard.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Capture trusts nothing after a reconnect (and checks again every {@link #CHECK_EVERY}): before it
 * writes what the stream delivers, the database must still hold prodguard's {@link HistoryMarker}. When
 * the marker is gone, capture holds what arrives and writes a fence (a heartbeat) through the stream: a
 * drop of the heartbeat collection or of the database among what arrives before the fence explains the
 * loss (the history shows it), and the held events are written after all; the fence arriving first, too
 * many held events or no fence within {@link #FENCE_TIMEOUT} means the database is not the one whose
 * history the repository holds (replaced, restored from elsewhere, or emptied without drop events): a
 * gap, whatever the server's error codes said.
 */
final class ContinuityCheck {
    /** How often the marker is checked while capture runs. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    /** How long the fence may take to come back through the stream before continuity counts as unproven. */
    static final Duration FENCE_TIMEOUT = Duration.ofSeconds(15);
    /** At most this many events are held while continuity is in doubt (memory stays bounded). */
    static final int MAX_HELD = 100_000;

    private final HistoryMarker marker;
    private final Clock clock;
    private Instant nextCheck;
    private Instant fence;
    private Instant fenceStarted;

    ContinuityCheck(HistoryMarker marker, Clock clock) {
        this.marker = marker;
        this.clock = clock;
        this.nextCheck = Instant.MIN;
    }

    /** Checks before the next step (after a reconnect: nothing delivered is written before the check). */
    void checkSoon() {
        nextCheck = Instant.MIN;
        fence = null;
    }

    /**
     * Before a step: checks the marker when due; when it is gone without an explanation, makes the runner hold
     * what arrives and writes the fence. {@code hasHistory}: capture has committed a position to continue from.
     */
    void before(CaptureRunner runner, Heartbeat heartbeat, boolean hasHistory) {
        Instant now = clock.instant();
        if (fence != null || now.isBefore(nextCheck)) {
            return;
        }
        nextCheck = now.plus(CHECK_EVERY);
        boolean dropped = runner.takeHeartbeatDropped();
        if (marker.check() != HistoryMarker.State.MISSING) {
            return;
        }
        if (dropped || !hasHistory) {
            marker.rewrite(); // the captured history shows the drop that took it (or there is no history to continue)
            return;
        }
        runner.hold();
        fence = heartbeat.beatNow();
        fenceStarted = now;
    }

    /**
     * After a step: settles a doubt. Returns normally while the history is continuous (or still in doubt).
     *
     * @throws HistoryLostException when the database is not the one whose history capture follows
     */
    void after(CaptureRunner runner, Heartbeat heartbeat) {
        if (fence == null) {
            return;
        }
        if (runner.heldExplained()) {
            runner.release();
            marker.rewrite();
            fence = null;
            return;
        }
        String why = null;
        if (heartbeat.seen(fence)) {
            why = "prodguard's marker document vanished from the database and the change stream recorded no drop that"
                    + " explains it: the database was replaced, reset, or restored from elsewhere";
        } else if (runner.held() > MAX_HELD) {
            why = "prodguard's marker document vanished from the database and more than " + MAX_HELD + " changes arrived"
                    + " before capture could prove that the stream still follows the same history";
        } else if (!clock.instant().isBefore(fenceStarted.plus(FENCE_TIMEOUT))) {
            why = "prodguard's marker document vanished from the database and the change stream did not prove within "
                    + FENCE_TIMEOUT.toSeconds() + " s that it still follows the same history";
        }
        if (why != null) {
            runner.discard();
            fence = null;
            throw new HistoryLostException(why, null);
        }
    }
}
