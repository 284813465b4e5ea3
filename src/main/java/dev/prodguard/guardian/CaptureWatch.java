package dev.prodguard.guardian;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.RestoreCommands;
import dev.prodguard.alert.Severity;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.SegmentMemo;
import dev.prodguard.repo.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture alerts: {@code capture-stopped} when capture has not been running (database unreachable,
 * capture failing) for longer than the configured threshold (at least {@link #STARTUP_GRACE} before
 * capture first ran), resolved when it runs again; and
 * {@code capture-gap} when capture recorded lost history, resolved once capture's fresh snapshot
 * anchors the new restorable window.
 */
final class CaptureWatch {
    /** Rule id: capture is not running. */
    static final String CAPTURE_STOPPED = "capture-stopped";
    /** Rule id: the server offers no change stream (scheduled snapshots only). */
    static final String CAPTURE_UNSUPPORTED = "capture-unsupported";
    /** Rule id: captured history has a gap. */
    static final String CAPTURE_GAP = "capture-gap";

    private static final Logger LOG = LoggerFactory.getLogger(CaptureWatch.class);

    private final Repository repo;
    private final String db;
    private final AlertManager alerts;
    private final Clock clock;
    private final Duration alertAfter;
    private final Set<String> knownGaps = new HashSet<>();
    /** Capture's first start (probe, sentinel write) may take this long before it counts as stopped. */
    static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

    private Instant downSince;
    private boolean everRunning;
    private boolean stoppedAlertOpen;
    private boolean gapOpen;
    private boolean unsupportedRaised;
    private final RestoreCommands.Env env;
    /** The segment manifests read so far (shared with the wipe watch): a gap's checks read only new ones. */
    private final SegmentMemo history;

    CaptureWatch(Repository repo, String db, AlertManager alerts, Clock clock, Duration alertAfter, RestoreCommands.Env env,
            SegmentMemo history) {
        this.env = env;
        this.history = history;
        this.repo = repo;
        this.db = db;
        this.alerts = alerts;
        this.clock = clock;
        this.alertAfter = alertAfter;
        knownGaps.addAll(gapIds());
    }

    /**
     * Checks capture: {@code running} is whether capture runs and its status record says so;
     * {@code why} says what is wrong otherwise.
     */
    void evaluate(boolean running, String why, CaptureState record) {
        Instant now = clock.instant();
        if (running) {
            everRunning = true;
            downSince = null;
            if (stoppedAlertOpen) {
                stoppedAlertOpen = false;
                alerts.resolve(key());
                LOG.info("guardian: capture of {} runs again", db);
            }
        } else {
            if (downSince == null) {
                downSince = now;
            }
            Duration threshold = everRunning || alertAfter.compareTo(STARTUP_GRACE) > 0 ? alertAfter : STARTUP_GRACE;
            if (!Duration.between(downSince, now).minus(threshold).isNegative()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("database", db);
                d.put("not running since", downSince);
                d.put("what is wrong", why);
                d.put("last committed change segment", record == null || record.lastCommitAt() == null ? "none"
                        : record.lastCommitAt() + " (seq " + record.lastSeq() + ")");
                d.put("what it means", "changes made since then are not yet recorded; capture resumes by itself from"
                        + " the last committed position, and nothing is lost while the database's change history still"
                        + " holds them");
                d.put("what to do", "check that the database is reachable with 'prodguard doctor'");
                alerts.raise(new AlertSpec(key(), CAPTURE_STOPPED, Severity.CRITICAL,
                        "Capture stopped: changes of " + db + " are not being recorded", d));
                stoppedAlertOpen = true;
            }
        }
        checkGaps();
    }

    private void checkGaps() {
        for (String id : gapIds()) {
            if (knownGaps.add(id)) {
                GapManifest g = GapManifest.fromJson(repo.readManifest(GapManifest.KIND, id));
                openGap(g.fromTime() == null ? "an unknown time" : g.fromTime().toString(), g.to().toString(), g.reason());
                if (!g.vanished().isEmpty()) {
                    raiseVanished(id, g);
                }
            }
        }
        if (gapOpen) {
            CaptureTimeline t = CaptureHistory.load(repo, db, history);
            if (t.currentRunHasSnapshot()) {
                alerts.resolve("gap:" + db);
                LOG.info("guardian: a fresh snapshot of {} anchors the window after the gap", db);
                gapOpen = false;
            }
        }
    }

    /**
     * Capture is impossible on this server (no change stream at all, e.g. Atlas Flex): one warning alert saying
     * that only scheduled snapshots protect the database, instead of a capture-stopped alert that never resolves.
     */
    void unsupported(String why) {
        if (unsupportedRaised) {
            return;
        }
        unsupportedRaised = true;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("database", db);
        d.put("why", why);
        d.put("what it means", "no point-in-time restore and no wipe alerts: only scheduled snapshots protect " + db
                + ", so a change made after the newest snapshot can be lost");
        d.put("what to do", "move to a tier with change streams (Atlas M0 and dedicated tiers have them) or take snapshots"
                + " more often (schedule.snapshot in prodguard.yml)");
        alerts.raise(new AlertSpec("capture-unsupported:" + db, CAPTURE_UNSUPPORTED, Severity.WARNING,
                "Continuous capture is not possible on this server: " + db + " is protected by scheduled snapshots only", d));
    }

    /** A hole in the committed history (a segment missing or unreadable): the same alert as a recorded gap. */
    void hole(String what) {
        openGap("the hole", "the next readable segment", what + " cannot be read (deleted or damaged), so the changes"
                + " recorded there cannot be replayed; run 'prodguard verify'");
    }

    private void openGap(String from, String to, String why) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("database", db);
        d.put("lost changes from", from);
        d.put("lost changes until", to);
        d.put("why", why);
        d.put("what prodguard does", "the restorable window ended at the gap; a fresh snapshot starts the next one, and"
                + " point-in-time restore works again from when it finishes");
        alerts.raise(new AlertSpec("gap:" + db, CAPTURE_GAP, Severity.WARNING,
                "Lost history: changes of " + db + " could not be captured; taking a fresh snapshot", d));
        LOG.warn("guardian: the captured history of {} has a gap ({}); a fresh snapshot starts the next window", db, why);
        gapOpen = true;
    }

    /** Data vanished with the lost history: a wipe, whose restore point is the last instant before the gap. */
    private void raiseVanished(String id, GapManifest g) {
        CaptureTimeline t = CaptureHistory.load(repo, db, history);
        Instant last = null;
        String notRestorable = null;
        for (CaptureTimeline.Run r : t.runs()) {
            if (r.endedBy() != null && r.endedBy().afterSeq() == g.afterSeq()) {
                last = r.coveredUntil();
            }
        }
        if (last == null) {
            notRestorable = "the captured history before the gap is not restorable";
        } else {
            try {
                t.choose(last);
            } catch (dev.prodguard.error.ProdguardException e) {
                notRestorable = e.getMessage();
            }
        }
        String why = "the data of " + String.join(", ", g.vanished()) + " vanished without any recorded change ("
                + g.reason() + ")";
        alerts.raise(WipeAlert.vanished(db, id, g.vanished(), last, why, notRestorable, env));
        LOG.warn("guardian: WIPE DETECTED in {}: {}; last restorable instant: {}", db, why, last);
    }

    private Set<String> gapIds() {
        Set<String> out = new HashSet<>();
        for (String id : repo.listManifests(GapManifest.KIND)) {
            if (id.startsWith(db + "-")) {
                out.add(id);
            }
        }
        return out;
    }

    private String key() {
        return "capture:" + db;
    }
}
