package dev.prodguard.monitor;

import com.mongodb.MongoException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Operations per second by type ({@code ops.insert.rate}, {@code ops.query.rate}...), from the
 * difference of {@code serverStatus.opcounters} between two samples. The first sample, and the
 * first after the counters went backwards (a server restart), only set the baseline.
 */
public final class OpCountersSampler extends BaseSampler {
    private long[] previous;
    private Instant previousAt;

    /** Samples every {@code period}. */
    public OpCountersSampler(Duration period) {
        super("operation counters", period);
    }

    @Override
    public List<Sample> sample(Round round) {
        ServerStatusReply reply;
        try {
            reply = ServerStatusReply.parse(round.command("admin", ConnectionsSampler.SERVER_STATUS));
        } catch (MongoException e) {
            var reason = Unsupported.reason(e);
            if (reason.isPresent()) {
                capability = Capability.notAvailable("serverStatus: " + reason.get());
                return List.of();
            }
            throw e;
        }
        if (reply.opcounters().isEmpty()) {
            capability = Capability.notAvailable("serverStatus has no opcounters section");
            return List.of();
        }
        if (capability.state() != Capability.State.AVAILABLE) {
            capability = Capability.available("serverStatus.opcounters", "rates between samples");
        }
        return rates(reply.opcounters().get().values(), round.now());
    }

    /** Rates since the previous counters; empty for a baseline. */
    List<Sample> rates(long[] now, Instant at) {
        List<Sample> out = new ArrayList<>();
        if (previous != null && at.isAfter(previousAt) && !wentBackwards(now)) {
            double seconds = Duration.between(previousAt, at).toMillis() / 1000.0;
            for (int i = 0; i < now.length; i++) {
                out.add(Sample.of("ops." + ServerStatusReply.OpCounters.NAMES[i] + ".rate", at,
                        (now[i] - previous[i]) / seconds));
            }
        }
        previous = now;
        previousAt = at;
        return out;
    }

    private boolean wentBackwards(long[] now) {
        for (int i = 0; i < now.length; i++) {
            if (now[i] < previous[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void reprobe() {
        super.reprobe();
        previous = null; // counters belong to one server process
    }
}
