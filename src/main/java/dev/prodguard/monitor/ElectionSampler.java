package dev.prodguard.monitor;

import com.mongodb.MongoException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Elections and primary changes: from the {@link TopologyWatcher} on the guardian's client, and
 * from {@code replSetGetStatus} (the primary's {@code electionDate}) where the server allows it.
 * Samples {@code elections.count} (changes seen in this round); the changes are kept for the rule.
 */
public final class ElectionSampler extends BaseSampler {
    private final TopologyWatcher watcher;
    private boolean replSetStatus;
    private Instant lastElectionDate;
    private String lastPrimary;
    private volatile List<PrimaryChange> lastChanges = List.of();

    /** Samples every {@code period}; {@code watcher} may be null (then only replSetGetStatus). */
    public ElectionSampler(Duration period, TopologyWatcher watcher) {
        super("elections", period);
        this.watcher = watcher;
    }

    /** The primary changes found by the last sample. */
    public List<PrimaryChange> lastChanges() {
        return lastChanges;
    }

    @Override
    public List<Sample> sample(Round round) {
        if (capability.state() == Capability.State.UNKNOWN) {
            probe(round);
        }
        if (!capability.usable()) {
            return List.of();
        }
        List<PrimaryChange> changes = new ArrayList<>(watcher == null ? List.of() : watcher.drain());
        if (replSetStatus) {
            fromReplSetStatus(round).filter(c -> changes.isEmpty()).ifPresent(changes::add);
        }
        lastChanges = List.copyOf(changes);
        return List.of(Sample.of("elections.count", round.now(), changes.size()));
    }

    private void probe(Round round) {
        String why = null;
        try {
            fromReplSetStatus(round);
            replSetStatus = true;
        } catch (MongoException e) {
            why = Unsupported.reason(e).orElseThrow(() -> e);
        }
        if (replSetStatus) {
            capability = Capability.available(watcher == null ? "replSetGetStatus" : "topology events and replSetGetStatus",
                    "");
        } else if (watcher != null) {
            capability = Capability.available("topology events", "replSetGetStatus not available on this server: " + why);
        } else {
            capability = Capability.notAvailable("replSetGetStatus: " + why + "; no topology watcher on the client");
        }
    }

    /** A change when the primary's electionDate moved since the last look (the first look is a baseline). */
    private Optional<PrimaryChange> fromReplSetStatus(Round round) {
        ReplSetStatusReply r = ReplSetStatusReply.parse(round.command("admin", new Document("replSetGetStatus", 1)));
        Optional<ReplSetStatusReply.Member> p = r.primary();
        if (p.isEmpty() || p.get().electionDate() == null) {
            return Optional.empty();
        }
        Instant date = p.get().electionDate();
        Optional<PrimaryChange> change = Optional.empty();
        if (lastElectionDate != null && date.isAfter(lastElectionDate)) {
            change = Optional.of(new PrimaryChange(round.now(), lastPrimary, p.get().name(), "replSetGetStatus"));
        }
        lastElectionDate = date;
        lastPrimary = p.get().name();
        return change;
    }
}
