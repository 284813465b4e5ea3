package dev.prodguard.guardian;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.RestoreCommands;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.SegmentMemo;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link WipeDetector} findings on committed segments into wipe alerts, one per incident. Before an
 * alert names a restore point it waits (at most {@link #RESTORABLE_WAIT}) until the repository can really
 * restore it: an anchored snapshot and committed history reaching past the point. What a prodguard
 * restore does to the guarded database is recognised in the history itself (its marker collection), so
 * it is never a wipe. A wipe alert resolves when documents are written again into every collection it lost.
 */
final class WipeWatch {
    /** How long an alert may wait for its restore point to become restorable before it goes out anyway. */
    static final Duration RESTORABLE_WAIT = Duration.ofMillis(2500);

    private static final Logger LOG = LoggerFactory.getLogger(WipeWatch.class);

    private record Pending(WipeDetector.Finding finding, Instant seen) {}

    private final Repository repo;
    private final String db;
    private final WipeDetector detector;
    private final AlertManager alerts;
    private final Clock clock;
    private final long windowSeconds;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, String> raised = new HashMap<>();
    private volatile SegmentTail tail;
    private final RestoreCommands.Env env;
    /** The segment manifests read so far: each poll while a wipe waits to become restorable reads only new ones. */
    private final SegmentMemo history;

    WipeWatch(Repository repo, String db, WipeDetector detector, AlertManager alerts, Clock clock, Duration window,
            RestoreCommands.Env env, SegmentMemo history) {
        this.env = env;
        this.history = history;
        this.repo = repo;
        this.db = db;
        this.detector = detector;
        this.alerts = alerts;
        this.clock = clock;
        this.windowSeconds = window.toSeconds();
    }

    /** Reads what capture committed since the last poll and raises or resolves wipe alerts. */
    void poll() {
        if (tail == null) {
            tail = SegmentTail.fromNow(repo, db, clock);
        }
        tail.poll(detector::accept);
        Instant now = clock.instant();
        for (WipeDetector.Finding f : detector.poll()) {
            pending.removeIf(p -> p.finding().id().equals(f.id())); // a burst that grew: the newer finding wins
            pending.add(new Pending(f, now));
        }
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending p = it.next();
            String why = notRestorable(p.finding());
            boolean waited = !now.isBefore(p.seen().plus(RESTORABLE_WAIT));
            if (why == null || waited || why.startsWith(NO_SNAPSHOT)) {
                raise(p.finding(), why);
                it.remove();
            }
        }
        for (WipeDetector.Finding f : detector.recovered()) {
            String key = raised.remove(f.id());
            if (key != null && alerts.resolve(key).isPresent()) {
                LOG.info("guardian: {} has documents again in {}: wipe alert {} resolved", db, f.collections(), key);
            }
        }
    }

    private static final String NO_SNAPSHOT = "no snapshot";

    /** The newest committed segment read so far (null before the first poll or when there is none). */
    SegmentManifest lastSegment() {
        SegmentTail t = tail;
        return t == null ? null : t.last();
    }

    /** Holes found in the history since the last call: which segments are missing or unreadable. */
    List<String> holes() {
        SegmentTail t = tail;
        return t == null ? List.of() : t.holes();
    }

    /** Null when the point just before the finding is restorable now, else why not. */
    private String notRestorable(WipeDetector.Finding f) {
        CaptureTimeline t = CaptureHistory.load(repo, db, history);
        if (!t.currentRunHasSnapshot()) {
            return NO_SNAPSHOT + " is anchored in the captured history yet (capture takes one when it starts)";
        }
        try {
            t.choose(f.at()); // restore --to wipe:<id> restores to the first change's instant, stopping before it
            return null;
        } catch (ProdguardException e) {
            return e.getMessage();
        }
    }

    private void raise(WipeDetector.Finding f, String notRestorable) {
        Instant point = f.at().minusMillis(1);
        AlertSpec spec = f.kind() == WipeDetector.Kind.DROP
                ? WipeAlert.dropped(db, f.id(), f.collections(), f.at(), f.operation(), point, notRestorable, env)
                : WipeAlert.massDelete(db, f.id(), f.collections().get(0), f.deleted(), windowSeconds, f.at(), point,
                        notRestorable, env);
        alerts.raise(spec);
        raised.put(f.id(), spec.key());
        LOG.warn("guardian: WIPE DETECTED in {}: {}; incident wipe:{}; restore point just before: {}", db, spec.title(), f.id(),
                spec.details().get("restore point just before"));
    }
}
