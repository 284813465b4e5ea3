package dev.prodguard.guardian;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.Schedule;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.status.Capacity;
import dev.prodguard.status.CaptureFacts;
import dev.prodguard.status.StatusService;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import dev.prodguard.verify.RestoreTestRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian's repository rules, evaluated each round from what the repository holds (never from
 * memory, so they hold when capture, backups or restore tests run as separate processes): capture
 * stopped or lagging, no snapshot within the expected period, the last restore test failed, and the
 * repository's filesystem nearly full. Each raises, de-duplicates and resolves through the
 * {@link AlertManager}, which also keeps a flapping condition from spamming.
 */
public final class GuardianRules {
    /** Rule id: no change segment committed for {@code PRODGUARD_CAPTURE_STOPPED_AFTER_S}. */
    public static final String CAPTURE_STOPPED = "capture-stopped";
    /** Rule id: the newest committed change was {@code PRODGUARD_CAPTURE_LAG_ALERT_S} or more behind its commit. */
    public static final String CAPTURE_LAGGING = "capture-lagging";
    /** Rule id: no snapshot within twice the snapshot schedule's period plus {@link #OVERDUE_SLACK}. */
    public static final String SNAPSHOT_OVERDUE = "snapshot-overdue";
    /** Rule id: the repository's filesystem has less free space than configured. */
    public static final String REPOSITORY_SPACE = "repository-space-low";
    /** Rule id raised when the repository cannot be read for these checks. */
    public static final String CHECKS_FAILED = "repository-checks-failed";
    /** Added to twice the snapshot period before a snapshot counts as overdue. */
    public static final Duration OVERDUE_SLACK = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(GuardianRules.class);

    private final StatusService health;
    private final String db;
    private final Schedule snapshotSchedule;
    private final RulesSettings settings;
    private final AlertManager alerts;
    private final Clock clock;
    private final Instant startedAt;
    private boolean lagging;
    private boolean stoppedWatchedElsewhere;
    private boolean spaceLow;
    private String restoreTestSeen;
    private boolean capacityUnknownLogged;

    /** Rules for {@code db}, starting now and from the alerts already open (a restart resolves them). */
    public GuardianRules(StatusService health, String db, Schedule snapshotSchedule, RulesSettings settings,
            AlertManager alerts, Clock clock) {
        this.health = health;
        this.db = db;
        this.snapshotSchedule = snapshotSchedule;
        this.settings = settings;
        this.alerts = alerts;
        this.clock = clock;
        this.startedAt = clock.instant();
        Set<String> open = alerts.active().stream().map(Alert::key).collect(Collectors.toSet());
        this.lagging = open.contains(key(CAPTURE_LAGGING));
        this.spaceLow = open.contains(key(REPOSITORY_SPACE));
    }

    /** The guardian's job that evaluates these rules every {@code interval}; a failing read raises {@value #CHECKS_FAILED}. */
    ScheduledJob scheduled(Duration interval) {
        return new ScheduledJob("repository checks", Schedule.every(interval), this::evaluate,
                new ScheduledJob.AlertRule(CHECKS_FAILED, Severity.WARNING, "Repository checks failed",
                        "run 'prodguard status' and 'prodguard verify' to see what is unreadable"), alerts, clock, db);
    }

    /**
     * Leaves the capture-stopped rule to the guardian's own capture task, which watches capture
     * directly and sooner ({@link CaptureWatch}); lag is still judged here. One stop, one alert.
     */
    public GuardianRules leavingStoppedCaptureTo(boolean inProcessTask) {
        this.stoppedWatchedElsewhere = inProcessTask;
        return this;
    }

    /** The alert key of a rule for this database. */
    public String key(String ruleId) {
        return ruleId + ":" + db;
    }

    /** How long after the newest snapshot one counts as overdue: twice the schedule's period plus the slack. */
    public static Duration overdueAfter(Schedule schedule, Instant now) {
        Instant first = schedule.next(now);
        return Duration.between(first, schedule.next(first)).multipliedBy(2).plus(OVERDUE_SLACK);
    }

    /**
     * Evaluates every rule once; returns one line on what it saw. A rule whose reading fails does not
     * stop the others; the failures are thrown together afterwards (REPOSITORY or STORAGE).
     */
    public String evaluate() {
        Instant now = clock.instant();
        List<String> seen = new ArrayList<>();
        List<ProdguardException> errors = new ArrayList<>();
        run(errors, seen, () -> capture(now));
        run(errors, seen, () -> snapshot(now));
        run(errors, seen, this::restoreTest);
        run(errors, seen, this::space);
        if (!errors.isEmpty()) {
            ProdguardException first = errors.get(0);
            throw new ProdguardException(first.code(), first.getMessage()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), first);
        }
        return String.join("; ", seen);
    }

    private interface Rule {
        String check();
    }

    private static void run(List<ProdguardException> errors, List<String> seen, Rule rule) {
        try {
            seen.add(rule.check());
        } catch (ProdguardException e) {
            errors.add(e);
        } catch (RuntimeException e) {
            errors.add(new ProdguardException(ErrorCode.REPOSITORY, "reading the repository failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    private String capture(Instant now) {
        CaptureFacts f = health.capture(db);
        if (f == null && !settings.captureExpected()) {
            return "capture: never ran for " + db + " (not expected)";
        }
        Instant last = f == null ? null : f.committedAt();
        Instant since = last == null || last.isBefore(startedAt) ? startedAt : last;
        Duration silent = Duration.between(since, now);
        if (silent.compareTo(settings.captureStoppedAfter()) >= 0 && !stoppedWatchedElsewhere) {
            alerts.raise(stoppedSpec(f, last, now));
            return "capture: STOPPED (" + (last == null ? "never committed" : "last commit " + ago(last, now)) + ")";
        }
        alerts.resolve(key(CAPTURE_STOPPED));
        if (f == null) {
            return "capture: waiting for the first commit";
        }
        Duration behind = f.behind();
        if (behind.compareTo(settings.captureLagAlert()) >= 0) {
            lagging = true;
            alerts.raise(laggingSpec(f, behind));
        } else if (lagging && behind.compareTo(settings.captureLagAlert().dividedBy(2)) < 0) {
            lagging = false; // clears only well below the threshold: no flapping at it
            alerts.resolve(key(CAPTURE_LAGGING));
        }
        return "capture: last commit " + (last == null ? "at an unknown time" : ago(last, now)) + ", " + Durations.human(behind)
                + " behind"
                + (lagging ? " (LAGGING)" : "");
    }

    private AlertSpec stoppedSpec(CaptureFacts f, Instant last, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("database", db);
        d.put("last commit", f == null ? "never" : last == null ? "unknown" : Instants.human(last) + " (" + ago(last, now) + ")");
        if (f != null && f.state() != null) {
            d.put("capture state", f.state().state() + (f.state().note() == null ? ""
                    : ": " + Secrets.scrub(f.state().note())) + " (recorded " + Instants.human(f.state().updatedAt()) + ")");
        }
        if (f != null && f.changesUpTo() != null) {
            d.put("point-in-time restore ends at", f.changesUpTo());
        }
        d.put("threshold", Durations.human(settings.captureStoppedAfter()) + " without a commit (PRODGUARD_CAPTURE_STOPPED_AFTER_S)");
        d.put("what to do", "check the log of 'prodguard run' or 'prodguard capture' (is it running, can it reach the"
                + " database?); 'prodguard status' shows the capture state; changes made meanwhile are not protected");
        String title = last == null ? "Capture of " + db + " has not committed any change"
                : "Capture of " + db + " stopped: no change committed for " + Durations.human(Duration.between(last, now));
        return new AlertSpec(key(CAPTURE_STOPPED), CAPTURE_STOPPED, Severity.CRITICAL, title, d);
    }

    private AlertSpec laggingSpec(CaptureFacts f, Duration behind) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("database", db);
        d.put("newest change", f.changesUpTo());
        d.put("committed at", f.committedAt());
        d.put("threshold", Durations.human(settings.captureLagAlert()) + " (PRODGUARD_CAPTURE_LAG_ALERT_S)");
        d.put("what to do", "capture is catching up (after a reconnect) or cannot keep up with the write rate; check"
                + " the repository's disk and network, and the log of the capture process");
        return new AlertSpec(key(CAPTURE_LAGGING), CAPTURE_LAGGING, Severity.WARNING,
                "Capture of " + db + " is " + Durations.human(behind) + " behind", d);
    }

    private String snapshot(Instant now) {
        SnapshotManifest m = health.newestSnapshot(db);
        Duration limit = overdueAfter(snapshotSchedule, now);
        Instant since = m == null ? startedAt : m.finished();
        Duration age = Duration.between(since, now);
        if (age.compareTo(limit) > 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", db);
            d.put("newest snapshot", m == null ? "none" : m.id() + ", finished " + Instants.humanIso(m.finishedAt()));
            d.put("schedule", snapshotSchedule.toString());
            d.put("expected within", Durations.human(limit) + " (twice the schedule's period plus " + Durations.human(OVERDUE_SLACK) + ")");
            d.put("repository", health.location());
            d.put("what to do", "check that 'prodguard run' is running and /health; run 'prodguard backup' now to see"
                    + " the error");
            String title = m == null ? "No snapshot of " + db + " since the guardian started " + Durations.human(age) + " ago"
                    : "No snapshot of " + db + " for " + Durations.human(age);
            alerts.raise(new AlertSpec(key(SNAPSHOT_OVERDUE), SNAPSHOT_OVERDUE, Severity.CRITICAL, title, d));
            return "snapshot: OVERDUE (" + (m == null ? "none" : "newest " + Durations.human(age) + " old") + ")";
        }
        alerts.resolve(key(SNAPSHOT_OVERDUE));
        return m == null ? "snapshot: none yet" : "snapshot: newest " + Durations.human(age) + " old";
    }

    /**
     * Each new {@code verify/last} record acts once: a failed test raises the restore-test alert (the
     * same key the guardian's own restore-test job raises, so one failure is one alert); a passed test
     * resolves it unless it was raised after the record was written (a later run that failed to run).
     */
    private String restoreTest() {
        RestoreTestRecord f = health.lastRestoreTest();
        if (f == null) {
            return "restore test: none recorded";
        }
        String line = "restore test " + f.atText() + ": " + (f.ok() ? "passed" : "FAILED");
        if (f.atText().equals(restoreTestSeen)) {
            return line;
        }
        restoreTestSeen = f.atText();
        String key = key(Guardian.RESTORE_TEST_FAILED);
        if (!f.ok()) {
            StringBuilder problems = new StringBuilder(); // whole problems, until about 500 characters
            for (String p : f.problems()) {
                if (problems.length() < 500) {
                    problems.append(problems.length() == 0 ? "" : "; ").append(p);
                }
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", db);
            d.put("snapshot", f.snapshotId());
            d.put("tested at", f.atText());
            d.put("problems", problems.length() == 0 ? "see the report" : problems.toString());
            d.put("what to do", "run 'prodguard verify --restore' to see what does not match; a backup that does not"
                    + " restore is no backup");
            alerts.raise(new AlertSpec(key, Guardian.RESTORE_TEST_FAILED, Severity.CRITICAL,
                    "Restore test failed: " + db, d));
            return line;
        }
        Optional<Alert> open = alerts.active().stream().filter(a -> a.key().equals(key)).findFirst();
        if (open.isPresent() && f.at() != null && open.get().openedAt().isBefore(f.at())) {
            alerts.resolve(key);
        }
        return line;
    }

    private String space() {
        Capacity c = health.capacity();
        if (!c.known()) {
            if (!capacityUnknownLogged) {
                capacityUnknownLogged = true;
                LOG.info("repository free space: not available for {} (the storage cannot tell)",
                        Secrets.scrub(health.location()));
            }
            return "repository space: not available on this storage";
        }
        double pct = c.freePct();
        boolean low = c.usableBytes() < settings.repoFreeBytes() || pct < settings.repoFreePct();
        boolean wellClear = (settings.repoFreeBytes() == 0 || c.usableBytes() >= settings.repoFreeBytes() * 1.1)
                && (settings.repoFreePct() == 0 || pct >= settings.repoFreePct() + 2);
        String line = String.format(Locale.ROOT, "repository space: %s free of %s (%.0f %%)", Sizes.human(c.usableBytes()),
                Sizes.human(c.totalBytes()), pct);
        if (low) {
            spaceLow = true;
            alerts.raise(spaceSpec(c, pct));
            return line + " LOW";
        }
        if (spaceLow && wellClear) {
            spaceLow = false; // clears only with a margin above the thresholds: no flapping at them
            alerts.resolve(key(REPOSITORY_SPACE));
        }
        return line;
    }

    private AlertSpec spaceSpec(Capacity c, double pct) {
        boolean critical = c.usableBytes() < settings.repoFreeBytes() / 2 || pct < settings.repoFreePct() / 2.0;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("repository", health.location());
        d.put("free", Sizes.human(c.usableBytes()));
        d.put("total", Sizes.human(c.totalBytes()));
        d.put("threshold", "at least " + settings.repoFreePct() + " % (PRODGUARD_REPO_FREE_PCT) and "
                + Sizes.human(settings.repoFreeBytes()) + " (PRODGUARD_REPO_FREE_MB) free");
        d.put("what to do", "grow the volume or free space on it; 'prodguard prune --dry-run' shows what the retention"
                + " policy would delete; once it is full, snapshots and capture fail");
        return new AlertSpec(key(REPOSITORY_SPACE), REPOSITORY_SPACE, critical ? Severity.CRITICAL : Severity.WARNING,
                String.format(Locale.ROOT, "Repository storage nearly full: %s free of %s (%.0f %%)",
                        Sizes.human(c.usableBytes()), Sizes.human(c.totalBytes()), pct), d);
    }

    private static String ago(Instant t, Instant now) {
        return Durations.human(Duration.between(t, now)) + " ago";
    }
}
