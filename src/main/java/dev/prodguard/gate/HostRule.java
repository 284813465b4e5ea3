package dev.prodguard.gate;

import dev.prodguard.config.HostClass;
import dev.prodguard.config.MongoTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * In production no MONGO_URL host may be loopback, private, link-local or a single-label
 * (container) name: those are the local and preview databases that resets and sandbox clean-ups wipe.
 * Judged from the name alone, without DNS.
 */
public final class HostRule implements GateRule {
    private static final String REMEDY = "; set MONGO_URL to the production cluster's DNS name"
            + " (e.g. cluster0.abcde.mongodb.net with mongodb+srv://)";

    @Override
    public List<Violation> check(GateFacts facts) {
        if (!facts.production()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        for (MongoTarget.HostPort host : facts.target().hosts()) {
            HostClass kind = HostClass.of(host.host());
            String at = "PRODUCTION=true but MONGO_URL points at " + host;
            switch (kind) {
                case LOOPBACK -> out.add(new Violation("host-loopback", at
                        + ", a loopback address (this machine), whose data goes with the machine" + REMEDY));
                case PRIVATE -> out.add(new Violation("host-private", at
                        + ", a private-network address (typically a local or container database)" + REMEDY));
                case LINK_LOCAL -> out.add(new Violation("host-link-local", at
                        + ", a link-local address (169.254.0.0/16, fe80::/10), never a stable database" + REMEDY));
                case SINGLE_LABEL -> out.add(new Violation("host-single-label", at
                        + ", a single-label name such as a container or compose service" + REMEDY));
                case PUBLIC -> { }
                default -> throw new IllegalStateException("unknown host class " + kind);
            }
        }
        return out;
    }
}
