package dev.prodguard.guardian;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.pitr.CaptureHistory;
import dev.prodguard.pitr.CaptureTimeline;
import dev.prodguard.repo.LockInfo;
import dev.prodguard.repo.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link WipeDetector} findings on committed segments into wipe alerts. Before an alert names a
 * restore point it waits (at most {@link #RESTORABLE_WAIT}) until the repository can really restore it:
 * an anchored snapshot and committed history reaching past the point. Drops made by a prodguard
 * restore into the guarded database itself (it holds the {@code target:<db>} lock) are not wipes.
 * A wipe alert resolves when documents are written again into every collection it lost.
 */
final class WipeWatch {
    /** How long an alert may wait for its restore point to become restorable before it goes out anyway. */
    static final Duration RESTORABLE_WAIT = Duration.ofMillis(2500);
    /** Slack between the restore lock's times (the restoring host's clock) and event times (the server's). */
    private static final Duration LOCK_SLACK = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(WipeWatch.class);

    private record Pending(WipeDetector.Finding finding, Instant seen) {}

    private record Held(Instant started, Instant lastSeen) {}

    private final Repository repo;
    private final String db;
    private final WipeDetector detector;
    private final AlertManager alerts;
    private final Clock clock;
    private final long windowSeconds;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<WipeDetector.Finding, String> raised = new HashMap<>();
    private final Deque<Held> restores = new ArrayDeque<>();
    private volatile SegmentTail tail;

    WipeWatch(Repository repo, String db, WipeDetector detector, AlertManager alerts, Clock clock, Duration window) {
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
        watchRestoreLock();
        tail.poll(detector::accept);
        Instant now = clock.instant();
        for (WipeDetector.Finding f : detector.poll()) {
            if (byRestore(f)) {
                LOG.info("guardian: {} of {} in {} at {} was made by a prodguard restore into {}: not a wipe", f.operation(),
                        f.collections(), db, f.at(), db);
                detector.forget(f);
            } else {
                pending.add(new Pending(f, now));
            }
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
            String key = raised.remove(f);
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

    /** Null when the point just before the finding is restorable now, else why not. */
    private String notRestorable(WipeDetector.Finding f) {
        CaptureTimeline t = CaptureHistory.load(repo, db);
        if (!t.currentRunHasSnapshot()) {
            return NO_SNAPSHOT + " is anchored in the captured history yet (capture takes one when it starts)";
        }
        try {
            // before-last-drop restores to the drop's instant, stopping before the drop itself
            t.choose(f.kind() == WipeDetector.Kind.DROP ? f.at() : restorePoint(f));
            return null;
        } catch (ProdguardException e) {
            return e.getMessage();
        }
    }

    private static Instant restorePoint(WipeDetector.Finding f) {
        return f.at().minusMillis(1);
    }

    private void raise(WipeDetector.Finding f, String notRestorable) {
        Instant point = restorePoint(f);
        AlertSpec spec = f.kind() == WipeDetector.Kind.DROP
                ? WipeAlert.dropped(db, f.collections(), f.at(), f.operation(), point, notRestorable)
                : WipeAlert.massDelete(db, f.collections().get(0), f.deleted(), windowSeconds, f.at(), point, notRestorable);
        alerts.raise(spec);
        raised.put(f, spec.key());
        LOG.warn("guardian: WIPE DETECTED in {}: {}; restore point just before: {}", db, spec.title(),
                spec.details().get("restore point just before"));
    }

    /** Remembers when a prodguard restore held the guarded database's target lock. */
    private void watchRestoreLock() {
        LockInfo li;
        try {
            li = repo.lockInfo("target:" + db);
        } catch (ProdguardException e) {
            return;
        }
        if (li == null || !"restore".equals(li.operation())) {
            return;
        }
        Instant now = clock.instant();
        Held last = restores.peekLast();
        if (last != null && last.started().equals(li.started())) {
            restores.pollLast();
        }
        restores.addLast(new Held(li.started(), now));
        while (restores.size() > 10) {
            restores.pollFirst();
        }
    }

    private boolean byRestore(WipeDetector.Finding f) {
        for (Held h : restores) {
            if (!f.at().isBefore(h.started().minus(LOCK_SLACK)) && !f.at().isAfter(h.lastSeen().plus(LOCK_SLACK))) {
                return true;
            }
        }
        return false;
    }
}
