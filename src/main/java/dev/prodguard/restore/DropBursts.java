package dev.prodguard.restore;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.config.OwnCollections;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonTimestamp;

/**
 * Finds wipes by drop in captured events of one database, fed in commit order. A burst is one incident:
 * a {@code dropDatabase}, or drops of the user's collections each within {@code window} of the previous
 * one with no other change of the user's data between them; its restore point is just before its first
 * drop. Not the user's activity, so neither a drop nor a change that ends a burst: prodguard's own
 * collections ({@link OwnCollections}) and everything a prodguard restore does while its marker is in
 * the target ({@link RestoreIntervals}). A burst that dropped none of the user's collections is no wipe.
 * Pure.
 */
public final class DropBursts {
    /** One wipe by drop: its first drop (cluster and wall time), its last drop, the collections, and whether it was a dropDatabase. */
    public record Burst(BsonTimestamp firstClusterTime, Instant firstAt, Instant lastAt, List<String> collections,
            boolean database) {
        public Burst {
            collections = List.copyOf(collections);
        }

        /** The incident id ({@link Incidents#id}). */
        public String id() {
            return Incidents.id(firstClusterTime);
        }

        /** What happened, for people. */
        public String what() {
            if (database) {
                return "dropDatabase";
            }
            return collections.size() == 1 ? "drop of " + collections.get(0) : "drop of " + collections.size() + " collections";
        }
    }

    private final String db;
    private final Duration window;
    private final RestoreIntervals restores = new RestoreIntervals();
    private final List<Burst> closed = new ArrayList<>();
    private BsonTimestamp firstClusterTime;
    private Instant firstAt;
    private Instant lastAt;
    private final Set<String> collections = new TreeSet<>();
    private boolean database;

    /** Bursts of database {@code db}; drops further apart than {@code window} are separate incidents. */
    public DropBursts(String db, Duration window) {
        this.db = db;
        this.window = window;
    }

    /** Takes the next event. */
    public void accept(ChangeEvent e) {
        if (e.meta().ns() == null || !db.equals(e.meta().ns().db()) || e instanceof ChangeEvent.Invalidate
                || e instanceof ChangeEvent.ObservedIndexes) { // prodguard's own observation, not a change
            return;
        }
        if (restores.accept(e)) {
            close(); // a restore began: what it drops is not the user's doing
            return;
        }
        String coll = e.meta().ns().coll();
        if (e instanceof ChangeEvent.DropDatabase) {
            Instant at = at(e);
            if (!joins(at)) {
                close();
                start(e, at);
            }
            database = true;
            lastAt = at;
            close(); // a real server reports dropDatabase after the drops of its collections
            return;
        }
        if (OwnCollections.isOwn(coll)) {
            return;
        }
        if (e instanceof ChangeEvent.Drop) {
            Instant at = at(e);
            if (!joins(at)) {
                close();
                start(e, at);
            }
            collections.add(coll);
            lastAt = at;
            return;
        }
        close(); // the user's data changed: the drops before were one burst
    }

    private boolean joins(Instant at) {
        return firstAt != null && !at.isAfter(lastAt.plus(window));
    }

    private void start(ChangeEvent e, Instant at) {
        firstClusterTime = e.meta().clusterTime();
        firstAt = at;
        lastAt = at;
    }

    private void close() {
        if (firstAt != null && !collections.isEmpty()) { // dropping only prodguard's own collections wipes nothing
            closed.add(current());
        }
        firstClusterTime = null;
        firstAt = null;
        lastAt = null;
        collections.clear();
        database = false;
    }

    private Burst current() {
        return new Burst(firstClusterTime, firstAt, lastAt, new ArrayList<>(collections), database);
    }

    /** Every burst so far, oldest first (the last one may still grow). */
    public List<Burst> bursts() {
        List<Burst> out = new ArrayList<>(closed);
        if (firstAt != null && !collections.isEmpty()) {
            out.add(current());
        }
        return out;
    }

    /** The newest burst, or null when there is none. */
    public Burst last() {
        List<Burst> all = bursts();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** An event's instant: the server's wall time, else its cluster-time second. */
    static Instant at(ChangeEvent e) {
        return e.meta().wallTime() != null ? e.meta().wallTime() : Instant.ofEpochSecond(e.meta().clusterTime().getTime());
    }
}
