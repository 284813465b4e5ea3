package dev.prodguard.monitor;

import com.mongodb.MongoClientSettings;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * Elections and primary changes from the driver's own topology monitoring: attach it to the
 * guardian's client settings ({@link #attach}) before creating the client. A change is recorded
 * when a primary appears whose address or {@code electionId} differs from the last known primary;
 * the first primary seen is a baseline, not an election. Thread-safe: the driver calls it from its
 * monitor threads, the monitor {@link #drain}s it.
 */
public final class TopologyWatcher implements ClusterListener {
    private final Clock clock;
    private final List<PrimaryChange> pending = new ArrayList<>();
    private String primary;
    private ObjectId electionId;
    private boolean replicaSet;

    /** A watcher stamping changes with {@code clock}. */
    public TopologyWatcher(Clock clock) {
        this.clock = clock;
    }

    /** Adds this watcher to client settings being built; returns the builder. */
    public MongoClientSettings.Builder attach(MongoClientSettings.Builder builder) {
        return builder.applyToClusterSettings(b -> b.addClusterListener(this));
    }

    @Override
    public synchronized void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        ClusterDescription d = event.getNewDescription();
        for (ServerDescription s : d.getServerDescriptions()) {
            if (s.isReplicaSetMember()) {
                replicaSet = true;
            }
            // isPrimary() is also true for a standalone or mongos (writable); only a set primary is elected
            if (!s.isOk() || s.getType() != ServerType.REPLICA_SET_PRIMARY) {
                continue;
            }
            String address = s.getAddress().toString();
            ObjectId election = s.getElectionId();
            boolean changed = primary != null && (!primary.equals(address)
                    || (election != null && electionId != null && !Objects.equals(election, electionId)));
            if (changed) {
                pending.add(new PrimaryChange(clock.instant(), primary, address, "topology events"));
            }
            primary = address;
            electionId = election != null ? election : electionId;
        }
    }

    /** The primary changes since the last call, oldest first. */
    public synchronized List<PrimaryChange> drain() {
        List<PrimaryChange> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** The last known primary, if the deployment is a replica set that had one. */
    public synchronized Optional<String> primary() {
        return Optional.ofNullable(primary);
    }

    /** True once any replica-set member was seen (a standalone server never holds elections). */
    public synchronized boolean replicaSet() {
        return replicaSet;
    }
}
