package dev.prodguard.restore;

import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.config.OwnCollections;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Before a restore drops or writes anything in a database that capture follows into the same repository, it
 * waits (at most {@link #WAIT}) until the captured history holds its marker: then what the restore does next is
 * recorded after the sign that a restore began, and neither the guardian nor {@code before-last-drop} can take
 * it for the user's doing, however fast the restore or slow the stream. Without capture of the target running
 * (no recent capture state), there is nothing to wait for; a wait that runs out is logged and the restore goes on.
 */
final class MarkerInHistory {
    /** The longest a restore waits for capture to record its marker. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A capture state updated longer ago than this means capture of the target is not running. */
    private static final Duration RUNNING = Duration.ofSeconds(30);

    private MarkerInHistory() {}

    /** Whether capture of {@code db} runs now, by its state record in {@code repo}. */
    static boolean captured(Repository repo, String db, Clock clock) {
        try {
            CaptureState s = CaptureState.read(repo, db);
            return s != null && "running".equals(s.state()) && s.updatedAt() != null
                    && s.updatedAt().isAfter(clock.instant().minus(RUNNING));
        } catch (ProdguardException e) {
            return false;
        }
    }

    /** The newest segment number of {@code db} now (0: none), to look for the marker only in what comes after. */
    static long newestSeq(Repository repo, String db) {
        List<String> ids = SegmentReader.ids(repo, db);
        return ids.isEmpty() ? 0 : SegmentReader.seq(ids.get(ids.size() - 1));
    }

    /**
     * Waits until a segment after {@code afterSeq} holds the marker with {@code token}; returns whether it did
     * within {@link #WAIT}. {@code pause} waits between looks (real time in production).
     */
    static boolean await(Repository repo, String db, long afterSeq, String token, Clock clock, Pause pause)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(WAIT);
        long next = afterSeq + 1;
        BsonValue mine = new BsonString(token);
        while (clock.instant().isBefore(deadline)) {
            for (String id : SegmentReader.ids(repo, db)) {
                long seq = SegmentReader.seq(id);
                if (seq < next) {
                    continue;
                }
                SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id));
                boolean[] found = {false};
                SegmentReader.read(repo, m, e -> found[0] |= isMine(e, mine));
                if (found[0]) {
                    return true;
                }
                next = seq + 1;
            }
            pause.pause(Duration.ofMillis(100));
        }
        return false;
    }

    private static boolean isMine(ChangeEvent e, BsonValue token) {
        if (e.meta().ns() == null || !OwnCollections.RESTORE_MARKER.equals(e.meta().ns().coll())) {
            return false;
        }
        if (e instanceof ChangeEvent.Insert i) {
            return token.equals(i.document().get("token"));
        }
        if (e instanceof ChangeEvent.Replace r) {
            return token.equals(r.document().get("token"));
        }
        return e instanceof ChangeEvent.PostImageUpdate || e instanceof ChangeEvent.Update; // its heartbeat: it is in there
    }

    /** Waits between looks. */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }
}
