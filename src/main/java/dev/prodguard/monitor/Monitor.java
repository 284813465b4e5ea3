package dev.prodguard.monitor;

import com.mongodb.client.MongoClient;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian's monitoring: samplers on an injected clock, their samples kept in the
 * {@link SampleStore}, the {@link MonitorRules} raising and resolving alerts. {@link #sampleOnce()}
 * runs one round (each sampler when its period is due); a sampler whose source this server lacks
 * is reported "not available on this server" once and then left alone. Passing failures are
 * logged when they start and when they end, not every round.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final MongoClient client;
    private final SampleStore store;
    private final Clock clock;
    private final TopologyWatcher watcher;
    private final MonitorRules rules;
    private final List<Entry> entries = new ArrayList<>();
    private final SlowOpsSampler slowOps;
    private final ElectionSampler elections;
    private Instant lastRetention;
    private ScheduledFuture<?> scheduled;
    private volatile List<SamplerStatus> status;

    /** Per-sampler bookkeeping. */
    private static final class Entry {
        final Sampler sampler;
        Capability reported = Capability.UNKNOWN;
        Instant lastRun;
        Instant lastSampleAt;
        Map<String, Double> lastValues = Map.of();
        String lastError;
        Instant lastErrorAt;

        Entry(Sampler sampler) {
            this.sampler = sampler;
        }
    }

    private Monitor(MongoClient client, TopologyWatcher watcher, MonitorSettings s, String db, SampleStore store,
            AlertManager alerts, Clock clock) {
        this.client = client;
        this.watcher = watcher;
        this.store = store;
        this.clock = clock;
        Duration every = s.interval();
        Duration slow = max(every, Duration.ofMinutes(5));
        this.slowOps = new SlowOpsSampler(every, db, s.slowOpMs());
        this.elections = new ElectionSampler(every, watcher);
        for (Sampler sampler : List.of(new ConnectionsSampler(every, s.connectionLimit()), new OpCountersSampler(every),
                slowOps, new StorageSampler(slow, db, s.quotaBytes()), elections,
                new CollectionGrowthSampler(max(every, Duration.ofMinutes(15)), db, s.maxCollections()))) {
            entries.add(new Entry(sampler));
        }
        this.rules = new MonitorRules(s, alerts, clock.instant());
        this.status = snapshot();
    }

    /**
     * Starts monitoring the protected database ({@code DB_NAME}) with the {@code monitor:} section's
     * thresholds. With a {@code scheduler}, rounds run every {@code monitor.interval_seconds} on it;
     * with null, the caller runs {@link #sampleOnce()} on its own schedule. {@code watcher}, when not
     * null, must already be attached to {@code client}'s settings.
     *
     * @throws ProdguardException CONFIG for a bad {@code monitor:} section or missing DB_NAME
     */
    public static Monitor start(MongoClient client, TopologyWatcher watcher, Settings settings, SampleStore store,
            AlertManager alerts, Clock clock, ScheduledExecutorService scheduler) {
        MonitorSettings s = MonitorSettings.from(settings);
        Monitor m = new Monitor(client, watcher, s, settings.dbName(), store, alerts, clock);
        if (scheduler != null) {
            long ms = s.interval().toMillis();
            m.scheduled = scheduler.scheduleWithFixedDelay(m::sampleOnceSafely, 0, ms, TimeUnit.MILLISECONDS);
        }
        return m;
    }

    /** As {@link #start(MongoClient, TopologyWatcher, Settings, SampleStore, AlertManager, Clock, ScheduledExecutorService)} without a topology watcher (elections from replSetGetStatus only). */
    public static Monitor start(MongoClient client, Settings settings, SampleStore store, AlertManager alerts,
            Clock clock, ScheduledExecutorService scheduler) {
        return start(client, null, settings, store, alerts, clock, scheduler);
    }

    /** Runs one round: due samplers, history, rules, and (hourly) retention; returns the samples taken. */
    public synchronized List<Sample> sampleOnce() {
        Instant now = clock.instant();
        Round round = new Round(client, now);
        List<Sample> all = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.sampler.capability().usable()
                    || (e.lastRun != null && now.isBefore(e.lastRun.plus(e.sampler.period())))) {
                continue;
            }
            e.lastRun = now;
            try {
                List<Sample> got = e.sampler.sample(round);
                recovered(e);
                if (!got.isEmpty()) {
                    e.lastSampleAt = now;
                    Map<String, Double> values = new LinkedHashMap<>();
                    got.stream().filter(x -> x.subject().isEmpty()).forEach(x -> values.put(x.metric(), x.value()));
                    e.lastValues = Map.copyOf(values);
                }
                all.addAll(got);
            } catch (RuntimeException ex) {
                // a passing failure (network, timeout) or a reply we could not read: one sampler, not the round
                failed(e, Unsupported.describe(ex), now);
            }
            reportCapability(e);
        }
        try {
            store.add(all);
            if (lastRetention == null || !now.isBefore(lastRetention.plus(RETENTION_EVERY))) {
                lastRetention = now;
                SampleStore.RetentionResult r = store.applyRetention(now);
                if (r.rawRolledUp() + r.rollupsDeleted() > 0) {
                    LOG.info("monitoring history: {} samples rolled up into hours, {} old hourly points deleted",
                            r.rawRolledUp(), r.rollupsDeleted());
                }
            }
        } catch (ProdguardException ex) {
            LOG.warn("monitoring history not written: {}", Secrets.scrub(ex.getMessage()));
        }
        boolean electionsRan = elections.capability().usable() && now.equals(entryOf(elections).lastRun);
        List<PrimaryChange> changes = electionsRan ? elections.lastChanges() : List.of();
        boolean slowRan = now.equals(entryOf(slowOps).lastRun);
        rules.evaluate(now, all, slowRan ? slowOps.lastSlow() : List.of(), changes);
        if (!changes.isEmpty()) {
            // a new primary is a new server: what it offers may differ
            entries.forEach(x -> x.sampler.reprobe());
        }
        status = snapshot();
        return all;
    }

    /**
     * Per sampler: capability, last values and last error, for /health and the dashboard. As of the
     * last finished round; never waits for a running one.
     */
    public List<SamplerStatus> status() {
        return status;
    }

    private List<SamplerStatus> snapshot() {
        // between a re-probe (new primary) and the next round, show what was last known
        return entries.stream().map(e -> new SamplerStatus(e.sampler.name(),
                e.sampler.capability().state() == Capability.State.UNKNOWN ? e.reported : e.sampler.capability(),
                e.lastSampleAt, e.lastValues, e.lastError, e.lastErrorAt)).toList();
    }

    /** The topology watcher, when one is attached. */
    public TopologyWatcher watcher() {
        return watcher;
    }

    private void sampleOnceSafely() {
        try {
            sampleOnce();
        } catch (RuntimeException ex) {
            // never let one bad round cancel the schedule
            LOG.warn("monitoring round failed: {}", Secrets.scrub(String.valueOf(ex.getMessage())));
        }
    }

    private Entry entryOf(Sampler s) {
        return entries.stream().filter(e -> e.sampler == s).findFirst().orElseThrow();
    }

    private void reportCapability(Entry e) {
        Capability now = e.sampler.capability();
        if (now.state() == Capability.State.UNKNOWN || now.equals(e.reported)) {
            return;
        }
        if (now.state() == Capability.State.NOT_AVAILABLE) {
            LOG.info("monitor: {} not available on this server: {}", e.sampler.name(), now.note());
        } else {
            LOG.info("monitor: {} {}", e.sampler.name(), now.describe());
        }
        e.reported = now;
    }

    private void failed(Entry e, String error, Instant now) {
        if (e.lastError == null) {
            LOG.warn("monitor: {} failed: {} (retrying every round; logged again when it recovers)",
                    e.sampler.name(), error);
        } else {
            LOG.debug("monitor: {} still failing: {}", e.sampler.name(), error);
        }
        e.lastError = error;
        e.lastErrorAt = now;
    }

    private void recovered(Entry e) {
        if (e.lastError != null) {
            LOG.info("monitor: {} recovered", e.sampler.name());
            e.lastError = null;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Stops the schedule (if any); the client and the store belong to the caller. */
    @Override
    public synchronized void close() {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
