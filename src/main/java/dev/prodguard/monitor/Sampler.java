package dev.prodguard.monitor;

import java.time.Duration;
import java.util.List;

/**
 * One source of monitoring samples. The first {@link #sample} probes the server and settles the
 * {@link #capability()}; once NOT_AVAILABLE the monitor stops calling it (until {@link #reprobe()}).
 */
public interface Sampler {
    /** Short name in the user's words ("connections", "slow operations"). */
    String name();

    /** How often it samples at most (the monitor skips it between). */
    Duration period();

    /** What this server offers this sampler. */
    Capability capability();

    /**
     * Takes samples in this round (probing first when not yet probed). A source the server lacks
     * turns the capability NOT_AVAILABLE and yields no samples.
     *
     * @throws com.mongodb.MongoException on a passing failure (retried next round)
     */
    List<Sample> sample(Round round);

    /** Forgets the probe result so the next sample probes again (e.g. after a primary change). */
    void reprobe();
}
