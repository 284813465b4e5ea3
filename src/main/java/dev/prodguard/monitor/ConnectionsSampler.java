package dev.prodguard.monitor;

import com.mongodb.MongoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * Connections in use against the tier's limit, from {@code serverStatus.connections}: samples
 * {@code connections.current}, {@code connections.available} (when reported),
 * {@code connections.limit} and {@code connections.share} (current / limit).
 */
public final class ConnectionsSampler extends BaseSampler {
    static final Document SERVER_STATUS = new Document("serverStatus", 1).append("repl", 0).append("metrics", 0)
            .append("locks", 0);

    private final OptionalLong configuredLimit;

    /** Samples every {@code period}; {@code configuredLimit} overrides what the server says. */
    public ConnectionsSampler(Duration period, OptionalLong configuredLimit) {
        super("connections", period);
        this.configuredLimit = configuredLimit;
    }

    @Override
    public List<Sample> sample(Round round) {
        ServerStatusReply reply;
        try {
            reply = ServerStatusReply.parse(round.command("admin", SERVER_STATUS));
        } catch (MongoException e) {
            var reason = Unsupported.reason(e);
            if (reason.isPresent()) {
                capability = Capability.notAvailable("serverStatus: " + reason.get());
                return List.of();
            }
            throw e;
        }
        if (reply.connections().isEmpty()) {
            capability = Capability.notAvailable("serverStatus has no connections section");
            return List.of();
        }
        ServerStatusReply.Connections c = reply.connections().get();
        long limit;
        String limitFrom;
        if (configuredLimit.isPresent()) {
            limit = configuredLimit.getAsLong();
            limitFrom = "limit from monitor.connection_limit";
        } else if (c.available().isPresent()) {
            limit = c.current() + c.available().getAsLong();
            limitFrom = "limit = current + available";
        } else {
            limit = MonitorSettings.M0_CONNECTIONS;
            limitFrom = "server reports no limit: assuming Atlas M0's 500; set monitor.connection_limit";
        }
        String note = reply.realMongo() ? limitFrom
                : limitFrom + "; process '" + reply.process() + "' is not mongod: the embedded server always reports 1";
        if (capability.state() != Capability.State.AVAILABLE || !capability.note().equals(note)) {
            capability = Capability.available("serverStatus.connections", note);
        }
        List<Sample> out = new ArrayList<>();
        out.add(Sample.of("connections.current", round.now(), c.current()));
        c.available().ifPresent(a -> out.add(Sample.of("connections.available", round.now(), a)));
        out.add(Sample.of("connections.limit", round.now(), limit));
        out.add(Sample.of("connections.share", round.now(), (double) c.current() / limit));
        return out;
    }
}
