package dev.prodguard.guardian;

import com.mongodb.client.MongoClient;
import dev.prodguard.config.Secrets;
import dev.prodguard.connect.ConnectionProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the guarded database answers, for {@code /health}: a {@code ping} every {@code every} on its own
 * thread, each bounded by {@code timeout} (so a server that accepts but never answers is seen as down).
 * Remembers since when it fails and why, in {@link ConnectionProblem}'s words; logs only changes.
 */
final class DatabaseProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProbe.class);

    private final MongoClient client;
    private final String db;
    private final Clock clock;
    private final Duration timeout;
    private final ScheduledExecutorService runner;
    private volatile GuardianHealth.Database state = GuardianHealth.Database.UNKNOWN;

    private DatabaseProbe(MongoClient client, String db, Clock clock, Duration timeout, ScheduledExecutorService runner) {
        this.client = client;
        this.db = db;
        this.clock = clock;
        this.timeout = timeout;
        this.runner = runner;
    }

    /** A probe that pings every {@code every} from now on (null {@code every}: only when {@link #probeOnce()} is called). */
    static DatabaseProbe start(MongoClient client, String db, Clock clock, Duration every, Duration timeout) {
        ScheduledExecutorService runner = every == null ? null
                : Executors.newSingleThreadScheduledExecutor(Guardian.daemon("guardian-database-probe"));
        DatabaseProbe p = new DatabaseProbe(client, db, clock, timeout, runner);
        if (runner != null) {
            runner.scheduleWithFixedDelay(p::probeSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return p;
    }

    /** Pings once and records the outcome; returns the new state. */
    GuardianHealth.Database probeOnce() {
        try {
            client.getDatabase(db).withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
            if (Boolean.FALSE.equals(state.reachable())) {
                LOG.info("guardian: the database answers again (unreachable since {})", state.unreachableSince());
            }
            state = new GuardianHealth.Database(true, clock.instant(), null, null);
        } catch (RuntimeException e) {
            String problem = Secrets.scrub(ConnectionProblem.describe(e));
            GuardianHealth.Database before = state;
            Instant since = Boolean.FALSE.equals(before.reachable()) ? before.unreachableSince() : clock.instant();
            if (!Boolean.FALSE.equals(before.reachable())) {
                LOG.warn("guardian: the database does not answer: {}", problem);
            }
            LOG.debug("guardian: database ping failed", e);
            state = new GuardianHealth.Database(false, before.lastOkAt(), since, problem);
        }
        return state;
    }

    private void probeSafely() {
        try {
            probeOnce();
        } catch (RuntimeException e) {
            LOG.debug("guardian: database probe failed unexpectedly", e);
        }
    }

    /** The latest outcome; never blocks. */
    GuardianHealth.Database state() {
        return state;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.shutdownNow();
        }
    }
}
