package dev.prodguard.guardian;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.Schedule;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.retention.PrunePlan;
import dev.prodguard.retention.Pruner;
import dev.prodguard.retention.RetentionPolicy;
import dev.prodguard.text.Sizes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian's scheduled prune: applies the {@code retention:} policy with {@link Pruner} under the
 * repository's "repo" operation lock. Inside the guardian it also holds {@code repositoryWork}, the
 * lock the snapshot job holds, so a scheduled prune and a scheduled snapshot wait for each other
 * instead of one failing. When another process (a {@code prodguard backup}) holds the repository lock,
 * it retries every {@link #RETRY_EVERY} for up to {@code lockWait}, then fails (the job's alert).
 * Capture needs no waiting: a prune keeps the newest segment and never touches what capture writes.
 */
final class RetentionJob {
    /** How long between attempts while another process holds the repository lock. */
    static final Duration RETRY_EVERY = Duration.ofSeconds(30);
    /** How long a scheduled prune waits for another process's backup or prune by default. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(30);

    /** Rule id raised when a scheduled prune fails. */
    static final String PRUNE_FAILED = "prune-failed";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    /** Waits between attempts; production sleeps, tests advance a clock. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private final Pruner pruner;
    private final Lock repositoryWork;
    private final Clock clock;
    private final Duration lockWait;
    private final Pause pause;

    RetentionJob(Repository repo, RetentionPolicy policy, Clock clock, Duration lockStaleAfter, Lock repositoryWork,
            Duration lockWait, Pause pause) {
        this.pruner = new Pruner(repo, policy, clock, lockStaleAfter);
        this.repositoryWork = repositoryWork;
        this.clock = clock;
        this.lockWait = lockWait;
        this.pause = pause;
    }

    /** A job that sleeps between attempts, waiting up to {@link #LOCK_WAIT}. */
    static RetentionJob of(Repository repo, RetentionPolicy policy, Clock clock, Duration lockStaleAfter,
            Lock repositoryWork) {
        return new RetentionJob(repo, policy, clock, lockStaleAfter, repositoryWork, LOCK_WAIT,
                d -> Thread.sleep(d.toMillis()));
    }

    /** The guardian's scheduled prune job; a failure raises {@value #PRUNE_FAILED}, the next success resolves it. */
    static ScheduledJob scheduled(Schedule schedule, RetentionJob job, AlertManager alerts, Clock clock, String db) {
        return new ScheduledJob("prune", schedule, job::run, new ScheduledJob.AlertRule(PRUNE_FAILED, Severity.WARNING,
                "Scheduled prune (retention) failed", "run 'prodguard prune --dry-run' to see the plan and"
                        + " 'prodguard prune' to see the error; until it succeeds the repository keeps growing"),
                alerts, clock, db);
    }

    /**
     * Prunes once; returns one line on what went and what stayed.
     *
     * @throws ProdguardException LOCKED when another process kept the repository lock for the whole wait;
     *     REPOSITORY/STORAGE when the prune fails (the next run finishes what it left)
     */
    String run() {
        Instant giveUp = clock.instant().plus(lockWait);
        while (true) {
            Pruner.Result r;
            repositoryWork.lock();
            try {
                r = pruner.prune();
            } catch (ProdguardException e) {
                if (e.code() != ErrorCode.LOCKED || !clock.instant().isBefore(giveUp)) {
                    throw e;
                }
                LOG.info("prune: {}; trying again in {} s", e.getMessage(), RETRY_EVERY.toSeconds());
                r = null;
            } finally {
                repositoryWork.unlock();
            }
            if (r != null) {
                return summary(r); // the Pruner logged a lock takeover, if any
            }
            try {
                pause.pause(RETRY_EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProdguardException(ErrorCode.INTERRUPTED, "prune: interrupted while waiting for the"
                        + " repository lock; the next scheduled prune tries again");
            }
        }
    }

    private static String summary(Pruner.Result r) {
        PrunePlan p = r.plan();
        return "pruned " + p.deletionCounts() + " (" + r.manifestsDeleted() + " manifest(s), " + r.objectsDeleted()
                + " object(s), " + Sizes.human(p.bytesFreed()) + " freed); kept " + p.kept().size() + " item(s); policy: "
                + p.policy().describe();
    }
}
