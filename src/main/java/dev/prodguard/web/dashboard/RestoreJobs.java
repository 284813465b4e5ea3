package dev.prodguard.web.dashboard;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.restore.RestoreService;
import dev.prodguard.snapshot.ProgressListener;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore wizard's running and finished restores: one at a time in this process, on a thread of their own,
 * with live progress. The restore itself is {@link RestoreService}'s, under its lock (the marker in the target),
 * so a restore from the CLI into the same target at the same time is refused.
 */
final class RestoreJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreJobs.class);

    /** One restore started from the wizard. */
    static final class Job {
        final int id;
        final RestoreService.Planned planned;
        final Instant started;
        final AtomicLong total = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        volatile Instant finished;
        volatile RestoreService.Outcome outcome;
        volatile String error;

        Job(int id, RestoreService.Planned planned, Instant started) {
            this.id = id;
            this.planned = planned;
            this.started = started;
        }

        boolean running() {
            return finished == null;
        }

        /** Percent of documents loaded (replay and indexes come after 100). */
        int percent() {
            long t = total.get();
            return t <= 0 ? (running() ? 0 : 100) : (int) Math.min(100, done.get() * 100 / t);
        }
    }

    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dashboard-restore");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    RestoreJobs(Clock clock) {
        this.clock = clock;
    }

    /** The running job, or null. */
    synchronized Job running() {
        return jobs.values().stream().filter(Job::running).findFirst().orElse(null);
    }

    /**
     * Starts {@code restore} for {@code planned} on the restore thread.
     *
     * @throws ProdguardException LOCKED when a restore from the dashboard is still running
     */
    synchronized Job start(RestoreService.Planned planned, Function<ProgressListener, RestoreService.Outcome> restore) {
        Job busy = running();
        if (busy != null) {
            throw new ProdguardException(dev.prodguard.error.ErrorCode.LOCKED, "a restore into "
                    + busy.planned.plan().targetDb() + " started from the dashboard is still running; wait for it to finish");
        }
        Job job = new Job(ids.incrementAndGet(), planned, clock.instant());
        jobs.put(job.id, job);
        runner.execute(() -> {
            try {
                job.outcome = restore.apply(new ProgressListener() {
                    @Override
                    public void started(long estimatedDocuments) {
                        job.total.set(estimatedDocuments);
                    }

                    @Override
                    public void advanced(long documents, long rawBytes) {
                        job.done.addAndGet(documents);
                    }
                });
            } catch (ProdguardException e) {
                job.error = e.getMessage();
            } catch (RuntimeException e) {
                LOG.warn("restore from the dashboard failed", e);
                job.error = "the restore failed: " + e.getMessage() + "; see the guardian's log";
            } finally {
                job.finished = clock.instant();
            }
        });
        return job;
    }

    /** The job with this id, or null. */
    Job get(int id) {
        return jobs.get(id);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
