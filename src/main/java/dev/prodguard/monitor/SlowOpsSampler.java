package dev.prodguard.monitor;

import com.mongodb.MongoException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Operations slower than the threshold. Source, probed in order: the {@code currentOp} command
 * (operations running at least the threshold right now), else the database profiler's
 * {@code system.profile} when the profiler is on (operations that finished since the last sample).
 * The monitor never turns the profiler on itself. Samples {@code slowops.count} and
 * {@code slowops.max_ms}; the operations themselves are kept for the alert's details.
 */
public final class SlowOpsSampler extends BaseSampler {
    private static final int MAX_OPS = 100;

    private final String db;
    private final long slowMs;
    private Instant profiledSince;
    private volatile List<SlowOperation> lastSlow = List.of();

    /** Samples {@code db}'s slow operations every {@code period}. */
    public SlowOpsSampler(Duration period, String db, long slowMs) {
        super("slow operations", period);
        this.db = db;
        this.slowMs = slowMs;
    }

    /** The slow operations of the last sample, slowest first. */
    public List<SlowOperation> lastSlow() {
        return lastSlow;
    }

    @Override
    public List<Sample> sample(Round round) {
        if (capability.state() == Capability.State.UNKNOWN) {
            probe(round);
            if (!capability.usable()) {
                return List.of();
            }
        }
        List<SlowOperation> ops = capability.source().equals("currentOp") ? fromCurrentOp(round) : fromProfiler(round);
        lastSlow = ops.stream().sorted(Comparator.comparingLong(SlowOperation::millis).reversed()).limit(10).toList();
        long max = ops.stream().mapToLong(SlowOperation::millis).max().orElse(0);
        return List.of(Sample.of("slowops.count", round.now(), ops.size()), Sample.of("slowops.max_ms", round.now(), max));
    }

    private void probe(Round round) {
        Optional<String> noCurrentOp = unsupported(() -> fromCurrentOp(round));
        if (noCurrentOp.isEmpty()) {
            capability = Capability.available("currentOp", "operations running >= " + slowMs + " ms at each sample");
            return;
        }
        ProfileReply level;
        try {
            level = ProfileReply.parse(round.command(db, new Document("profile", -1)));
        } catch (MongoException e) {
            Optional<String> why = Unsupported.reason(e);
            if (why.isEmpty()) {
                throw e;
            }
            capability = Capability.notAvailable("currentOp: " + noCurrentOp.get() + "; profiler: " + why.get());
            return;
        }
        if (!level.enabled()) {
            capability = Capability.notAvailable("currentOp: " + noCurrentOp.get() + "; the profiler of " + db
                    + " is off (level 0); turn it on with db.setProfilingLevel(1, {slowms: " + slowMs + "}) where"
                    + " allowed");
            return;
        }
        profiledSince = round.now();
        capability = Capability.available("system.profile", "profiler level " + level.level() + ", slowms "
                + level.slowMs());
    }

    private List<SlowOperation> fromCurrentOp(Round round) {
        Document cmd = new Document("currentOp", true).append("active", true)
                .append("microsecs_running", new Document("$gte", slowMs * 1000));
        return CurrentOpReply.parse(round.command("admin", cmd), slowMs);
    }

    private List<SlowOperation> fromProfiler(Round round) {
        Document filter = new Document("ts", new Document("$gt", Date.from(profiledSince)))
                .append("millis", new Document("$gte", slowMs));
        List<Document> docs = round.find(db, "system.profile", filter, new Document("ts", 1), MAX_OPS);
        Date latest = ProfileReply.latest(docs);
        if (latest != null) {
            profiledSince = latest.toInstant();
        }
        return ProfileReply.entries(docs, slowMs);
    }

    private static Optional<String> unsupported(Runnable probe) {
        try {
            probe.run();
            return Optional.empty();
        } catch (MongoException e) {
            Optional<String> why = Unsupported.reason(e);
            if (why.isEmpty()) {
                throw e;
            }
            return why;
        }
    }
}
