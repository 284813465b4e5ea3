package dev.prodguard.guardian;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.config.OwnCollections;
import dev.prodguard.restore.Incidents;
import dev.prodguard.restore.RestoreIntervals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonTimestamp;

/**
 * Spots wipes in capture's committed, normalised events of the guarded database, fed in commit order: a
 * burst of drops of the user's collections (a dropDatabase, or drops each within {@code window} of event
 * time of the previous one with no other change of the user's data between: one incident, named by its
 * first drop, the same rule as {@code restore --to before-last-drop}), or more than {@code massDelete}
 * deletes from one collection within {@code window}. prodguard's own collections and everything a
 * prodguard restore does while its marker is in place are never the user's activity. It also notices
 * when what was lost comes back (documents inserted again), so the alert can resolve. {@link #poll()}
 * hands out a finding once its burst has been quiet for {@code quiet} (processing time), and again, with
 * the same id, when later drops join it.
 */
final class WipeDetector {
    /** The default quiet time before a burst of drops or deletes is reported (processing time). */
    static final Duration BURST = Duration.ofSeconds(1);

    /** What kind of wipe. */
    enum Kind { DROP, MASS_DELETE }

    /**
     * One wipe: its incident id (from the cluster time of its first change), the collections lost (one for
     * a mass delete), the operation, the instant of its first change (the restore point is just before
     * it), that change's cluster time, and the number of documents deleted.
     */
    record Finding(Kind kind, String id, List<String> collections, String operation, Instant at, BsonTimestamp clusterTime,
            long deleted) {}

    private final String db;
    private final Set<String> ignored;
    private final long massDelete;
    private final Duration window;
    private final Clock clock;
    private final Duration quiet;
    private final RestoreIntervals restores = new RestoreIntervals();
    private final List<Finding> ready = new ArrayList<>();
    // the drop burst being collected: open until a non-joining drop or a change of the user's data
    private final Set<String> burst = new TreeSet<>();
    private Instant burstAt;
    private BsonTimestamp burstClusterTime;
    private boolean burstDatabase;
    private Instant burstLastAt; // event time of its newest drop
    private Instant burstLastSeen; // processing time of its newest drop
    private boolean burstPending; // joined by drops not yet reported
    // recent deletes per collection (event instants) and collections already reported in this run of deletes
    private final Map<String, Deque<Instant>> deletes = new HashMap<>();
    private final Map<String, BsonTimestamp> firstDeleteTime = new HashMap<>();
    private final Set<String> reportedDeletes = new TreeSet<>();
    // mass deletes over the threshold whose run of deletes has not ended yet
    private final Map<String, Crossing> crossings = new LinkedHashMap<>();
    // what must come back before a finding's alert resolves: incident id -> collection -> inserts still missing
    private final Map<String, Map<String, Long>> missing = new LinkedHashMap<>();
    private final Map<String, Finding> tracked = new HashMap<>();
    private final Map<String, Set<String>> everLost = new HashMap<>();
    private final List<Finding> recovered = new ArrayList<>();

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

    WipeDetector(String db, Set<String> ignored, long massDelete, Duration window, Clock clock) {
        this(db, ignored, massDelete, window, clock, BURST);
    }

    /**
     * A detector that reports a burst after {@code quiet} without a further drop (or delete): more than the
     * time between two segment commits, so the drops of one dropDatabase are reported together.
     */
    WipeDetector(String db, Set<String> ignored, long massDelete, Duration window, Clock clock, Duration quiet) {
        this.quiet = quiet;
        this.db = db;
        this.ignored = Set.copyOf(ignored);
        this.massDelete = massDelete;
        this.window = window;
        this.clock = clock;
    }

    /** Whether the collection is guarded: the user's (not prodguard's own, not system), not ignored by configuration. */
    boolean guarded(String coll) {
        return coll != null && !OwnCollections.isOwn(coll) && !ignored.contains(coll);
    }

    /** Takes the next committed event. */
    void accept(ChangeEvent e) {
        if (e.meta().ns() == null || !db.equals(e.meta().ns().db()) || e instanceof ChangeEvent.Invalidate
                || e instanceof ChangeEvent.ObservedIndexes) { // prodguard's own observation, not a change
            return;
        }
        String coll = e.meta().ns().coll();
        if (restores.accept(e)) {
            endBurst(); // a restore's drops and loads are not the user's; what it loads does come back
            if (e instanceof ChangeEvent.Insert && guarded(coll)) {
                comeBack(coll);
            }
            return;
        }
        if (e instanceof ChangeEvent.Drop || e instanceof ChangeEvent.DropDatabase) {
            boolean database = e instanceof ChangeEvent.DropDatabase;
            if (!database && !guarded(coll)) {
                return; // prodguard's own, or not guarded: neither a wipe nor the user's activity
            }
            Instant at = instant(e);
            if (burstAt == null || at.isAfter(burstLastAt.plus(window))) {
                endBurst();
                burstAt = at;
                burstClusterTime = e.meta().clusterTime();
            }
            if (database) {
                burstDatabase = true;
            } else {
                burst.add(coll);
                deletes.remove(coll);
            }
            burstLastAt = at;
            burstLastSeen = clock.instant();
            burstPending = true;
            if (database) {
                reportBurst(); // a real server reports dropDatabase after the drops of its collections: complete now
            }
            return;
        }
        if (!guarded(coll)) {
            return;
        }
        endBurst(); // the user's data changed: the drops before it were one burst
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
                ready.add(track(new Finding(Kind.MASS_DELETE, Incidents.id(c.clusterTime), List.of(e.getKey()),
                        "mass delete", c.firstAt, c.clusterTime, c.count)));
                it.remove();
            }
        }
    }

    private void comeBack(String coll) {
        for (Map<String, Long> need : missing.values()) {
            need.computeIfPresent(coll, (k, n) -> n <= 1 ? null : n - 1);
        }
        missing.entrySet().removeIf(f -> {
            if (f.getValue().isEmpty()) {
                recovered.add(tracked.remove(f.getKey()));
                return true;
            }
            return false;
        });
    }

    /** Reports the burst's drops not reported yet (the first report, or drops that joined it since). */
    private void reportBurst() {
        if (burstPending && !burst.isEmpty()) { // dropping only prodguard's own collections wipes nothing
            String op = burstDatabase ? "dropDatabase" : burst.size() == 1 ? "drop" : "drop of " + burst.size() + " collections";
            ready.add(track(new Finding(Kind.DROP, Incidents.id(burstClusterTime), List.copyOf(burst), op, burstAt,
                    burstClusterTime, 0)));
        }
        burstPending = false;
    }

    private void endBurst() {
        reportBurst();
        burst.clear();
        burstAt = null;
        burstClusterTime = null;
        burstDatabase = false;
        burstLastAt = null;
        burstLastSeen = null;
    }

    private Finding track(Finding f) {
        Map<String, Long> need = missing.computeIfAbsent(f.id(), k -> new LinkedHashMap<>());
        Set<String> lost = everLost.computeIfAbsent(f.id(), k -> new TreeSet<>());
        for (String c : f.collections()) {
            if (lost.add(c)) { // a collection that joined the incident later; one that came back stays back
                need.put(c, f.kind() == Kind.DROP ? 1L : f.deleted());
            }
        }
        tracked.put(f.id(), f);
        return f;
    }

    /**
     * Findings due: a burst whose newest drop is {@code quiet} old by the clock (reported again, same id,
     * when drops joined it since), and mass deletes whose deletes paused; oldest first.
     */
    List<Finding> poll() {
        if (burstLastSeen != null && !clock.instant().isBefore(burstLastSeen.plus(quiet))) {
            reportBurst(); // the burst stays open: a drop within the window still joins this incident
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

    /** Forgets a finding that needs no resolving. */
    void forget(Finding f) {
        missing.remove(f.id());
        tracked.remove(f.id());
    }

    private static Instant instant(ChangeEvent e) {
        return e.meta().wallTime() != null ? e.meta().wallTime() : Instant.ofEpochSecond(e.meta().clusterTime().getTime());
    }
}
