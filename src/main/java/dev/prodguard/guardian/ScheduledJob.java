package dev.prodguard.guardian;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.Schedule;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the guardian's jobs on its {@link Schedule}: submitted when due, never overlapping itself
 * (a due run while the previous one still runs is skipped and logged), its outcome recorded; when
 * it has an alert rule, a failure raises that alert and the next success resolves it.
 */
final class ScheduledJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJob.class);

    /** The work; returns a one-line summary, throws on failure. */
    @FunctionalInterface
    interface Body {
        String run();
    }

    /** The alert a failure raises: rule id, title and what to do. */
    record AlertRule(String ruleId, Severity severity, String title, String whatToDo) {}

    private final String name;
    private final Schedule schedule;
    private final Body body;
    private final AlertRule alert;
    private final AlertManager alerts;
    private final Clock clock;
    private final String subject;
    private final AtomicBoolean running = new AtomicBoolean();
    private Instant nextRun;
    private Instant lastStart;
    private Instant lastSuccess;
    private String lastSummary;
    private Instant lastFailure;
    private String lastError;
    private long successes;
    private long failures;

    ScheduledJob(String name, Schedule schedule, Body body, AlertRule alert, AlertManager alerts, Clock clock,
            String subject) {
        this.name = name;
        this.schedule = schedule;
        this.body = body;
        this.alert = alert;
        this.alerts = alerts;
        this.clock = clock;
        this.subject = subject;
        this.nextRun = schedule.next(clock.instant());
    }

    String name() {
        return name;
    }

    /** Makes the job due now (first snapshot on an empty repository). */
    synchronized void dueNow() {
        nextRun = clock.instant();
    }

    /** Submits the job to {@code executor} when due; returns true when it was submitted. */
    boolean submitIfDue(Instant now, Executor executor) {
        synchronized (this) {
            if (now.isBefore(nextRun)) {
                return false;
            }
            nextRun = schedule.next(now);
            if (!running.compareAndSet(false, true)) {
                LOG.warn("{}: skipped the run due at {}: the previous run is still going; next at {}", name, now,
                        nextRun);
                return false;
            }
        }
        try {
            executor.execute(this::runOnce);
            return true;
        } catch (RejectedExecutionException e) {
            running.set(false); // shutting down
            return false;
        }
    }

    private void runOnce() {
        Instant start = clock.instant();
        synchronized (this) {
            lastStart = start;
        }
        try {
            String summary = body.run();
            Instant end = clock.instant();
            synchronized (this) {
                lastSuccess = end;
                lastSummary = summary;
                successes++;
            }
            LOG.info("{}: {}", name, summary);
            if (alert != null) {
                alerts.resolve(alertKey());
            }
        } catch (RuntimeException e) {
            String error = Secrets.scrub(e instanceof ProdguardException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
            synchronized (this) {
                lastFailure = clock.instant();
                lastError = error;
                failures++;
            }
            LOG.warn("{} failed: {}", name, error);
            if (alert != null) {
                alerts.raise(spec(error, start));
            }
        } finally {
            running.set(false);
        }
    }

    private String alertKey() {
        return alert.ruleId() + ":" + subject;
    }

    private AlertSpec spec(String error, Instant start) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", subject);
        details.put("started", start);
        details.put("error", error);
        details.put("last success", lastSuccess == null ? "never" : lastSuccess.toString());
        details.put("what to do", alert.whatToDo());
        return new AlertSpec(alertKey(), alert.ruleId(), alert.severity(), alert.title() + ": " + subject, details);
    }

    /** The job's record so far. */
    synchronized JobStatus status() {
        return new JobStatus(name, schedule.toString(), running.get(), lastStart, lastSuccess, lastSummary,
                lastFailure, lastError, nextRun, successes, failures);
    }
}
