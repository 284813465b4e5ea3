package dev.prodguard.guardian;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonTimestamp;

/**
 * Spots wipes in capture's committed, normalised events of the guarded database: a drop of a guarded
 * collection, a dropDatabase (reported as one drop per collection, so drops in a burst are one wipe),
 * or more than {@code massDelete} deletes from one collection within {@code window} of event time. It
 * also notices when what was lost comes back (documents inserted again), so the alert can resolve.
 * Events are fed in commit order; {@link #poll()} hands out findings whose burst has ended.
 */
final class WipeDetector {
    /** The default quiet time that ends a burst of drops or deletes (processing time). */
    static final Duration BURST = Duration.ofSeconds(1);

    /** What kind of wipe. */
    enum Kind { DROP, MASS_DELETE }

    /**
     * One wipe: the collections lost (one for a mass delete), the operation, the instant of its first
     * event (the restore point is just before it), its cluster time, and the number of documents deleted.
     */
    record Finding(Kind kind, List<String> collections, String operation, Instant at, BsonTimestamp clusterTime,
            long deleted) {}

    private final String db;
    private final Set<String> ignored;
    private final long massDelete;
    private final Duration window;
    private final Clock clock;
    private final Duration quiet;
    private final List<Finding> ready = new ArrayList<>();
    // the drop burst being collected
    private final Set<String> burst = new LinkedHashSet<>();
    private Instant burstAt;
    private BsonTimestamp burstClusterTime;
    private boolean burstDatabase;
    private Instant burstLastSeen;
    // recent deletes per collection (event instants) and collections already reported in this run of deletes
    private final Map<String, Deque<Instant>> deletes = new HashMap<>();
    private final Map<String, BsonTimestamp> firstDeleteTime = new HashMap<>();
    private final Set<String> reportedDeletes = new LinkedHashSet<>();
    // mass deletes over the threshold whose run of deletes has not ended yet
    private final Map<String, Crossing> crossings = new LinkedHashMap<>();

    private static final class Crossing {
        final Instant firstAt;
        final BsonTimestamp clusterTime;
        final Instant crossedAt;
        long count;
        Instant lastSeen;

        Crossing(Instant firstAt, BsonTimestamp clusterTime, long count, Instant now) {
            this.firstAt = firstAt;
            this.clusterTime = clusterTime;
            this.count = count;
            this.crossedAt = now;
            this.lastSeen = now;
        }
    }

    /** A mass delete is reported when its deletes pause this long, or at the latest this long after it crossed. */
    static final Duration MASS_DELETE_REPORT_BY = Duration.ofSeconds(2);
    // what must come back before a finding's alert resolves: collection -> inserts still missing
    private final Map<Finding, Map<String, Long>> missing = new LinkedHashMap<>();
    private final List<Finding> recovered = new ArrayList<>();

    WipeDetector(String db, Set<String> ignored, long massDelete, Duration window, Clock clock) {
        this(db, ignored, massDelete, window, clock, BURST);
    }

    /**
     * A detector whose bursts end after {@code quiet} without a further drop (or delete): more than the
     * time between two segment commits, so the drops of one dropDatabase are never split.
     */
    WipeDetector(String db, Set<String> ignored, long massDelete, Duration window, Clock clock, Duration quiet) {
        this.quiet = quiet;
        this.db = db;
        this.ignored = Set.copyOf(ignored);
        this.massDelete = massDelete;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Whether the collection is guarded: not one of prodguard's own scratch collections (capture's heartbeat,
     * doctor's connection test), not a system collection, not ignored by configuration.
     */
    boolean guarded(String coll) {
        return coll != null && !SnapshotService.EXCLUDED.contains(coll) && !coll.startsWith("system.")
                && !ignored.contains(coll);
    }

    /** Takes the next committed event. */
    void accept(ChangeEvent e) {
        if (e.meta().ns() == null || !db.equals(e.meta().ns().db()) || e instanceof ChangeEvent.Invalidate) {
            return;
        }
        String coll = e.meta().ns().coll();
        if (e instanceof ChangeEvent.Drop) {
            if (burstAt == null) {
                burstAt = instant(e);
                burstClusterTime = e.meta().clusterTime();
            }
            if (guarded(coll)) {
                burst.add(coll);
            }
            burstLastSeen = clock.instant();
            deletes.remove(coll);
            return;
        }
        if (e instanceof ChangeEvent.DropDatabase) {
            if (burstAt == null) {
                burstAt = instant(e);
                burstClusterTime = e.meta().clusterTime();
            }
            burstDatabase = true;
            closeBurst(); // a real server reports dropDatabase after the drops of its collections
            return;
        }
        if (!guarded(coll)) {
            return;
        }
        closeBurst(); // another change: the drops before it were one burst
        if (e instanceof ChangeEvent.Delete) {
            countDelete(coll, e);
        } else if (e instanceof ChangeEvent.Insert || e instanceof ChangeEvent.Replace) {
            if (crossings.containsKey(coll)) {
                reportMassDeletes(true);
            }
            deletes.remove(coll);
            reportedDeletes.remove(coll);
            comeBack(coll);
        }
    }

    private void countDelete(String coll, ChangeEvent e) {
        Instant at = instant(e);
        Deque<Instant> q = deletes.computeIfAbsent(coll, k -> new ArrayDeque<>());
        if (q.isEmpty()) {
            firstDeleteTime.put(coll, e.meta().clusterTime());
        }
        q.addLast(at);
        while (!q.isEmpty() && Duration.between(q.peekFirst(), at).compareTo(window) > 0) {
            q.pollFirst();
        }
        Crossing c = crossings.get(coll);
        if (c != null) {
            c.count++;
            c.lastSeen = clock.instant();
        } else if (q.size() > massDelete && !reportedDeletes.contains(coll)) {
            reportedDeletes.add(coll);
            crossings.put(coll, new Crossing(q.peekFirst(), firstDeleteTime.get(coll), q.size(), clock.instant()));
        }
    }

    private void reportMassDeletes(boolean all) {
        Instant now = clock.instant();
        for (var it = crossings.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            Crossing c = e.getValue();
            if (all || !now.isBefore(c.lastSeen.plus(quiet)) || !now.isBefore(c.crossedAt.plus(MASS_DELETE_REPORT_BY))) {
                ready.add(track(new Finding(Kind.MASS_DELETE, List.of(e.getKey()), "mass delete", c.firstAt, c.clusterTime,
                        c.count)));
                it.remove();
            }
        }
    }

    private void comeBack(String coll) {
        for (Map.Entry<Finding, Map<String, Long>> f : missing.entrySet()) {
            f.getValue().computeIfPresent(coll, (k, n) -> n <= 1 ? null : n - 1);
        }
        missing.entrySet().removeIf(f -> {
            if (f.getValue().isEmpty()) {
                recovered.add(f.getKey());
                return true;
            }
            return false;
        });
    }

    private void closeBurst() {
        if (!burst.isEmpty()) {
            String op = burstDatabase ? "dropDatabase" : burst.size() == 1 ? "drop" : "drop of " + burst.size() + " collections";
            ready.add(track(new Finding(Kind.DROP, burst.stream().sorted().toList(), op, burstAt, burstClusterTime, 0)));
        }
        burst.clear();
        burstAt = null;
        burstClusterTime = null;
        burstDatabase = false;
        burstLastSeen = null;
    }

    private Finding track(Finding f) {
        Map<String, Long> need = new LinkedHashMap<>();
        for (String c : f.collections()) {
            need.put(c, f.kind() == Kind.DROP ? 1L : f.deleted());
        }
        missing.put(f, need);
        return f;
    }

    /** Findings whose burst is over (the last drop is {@code quiet} old by the clock), oldest first. */
    List<Finding> poll() {
        if (burstLastSeen != null && !clock.instant().isBefore(burstLastSeen.plus(quiet))) {
            closeBurst();
        }
        reportMassDeletes(false);
        List<Finding> out = List.copyOf(ready);
        ready.clear();
        return out;
    }

    /** Findings whose lost collections have documents again since, once each. */
    List<Finding> recovered() {
        List<Finding> out = List.copyOf(recovered);
        recovered.clear();
        return out;
    }

    /** Forgets a finding that needs no resolving (e.g. drops made by a prodguard restore). */
    void forget(Finding f) {
        missing.remove(f);
    }

    private static Instant instant(ChangeEvent e) {
        return e.meta().wallTime() != null ? e.meta().wallTime() : Instant.ofEpochSecond(e.meta().clusterTime().getTime());
    }
}
