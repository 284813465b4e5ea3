package dev.prodguard.gate;

import dev.prodguard.config.HostClass;
import dev.prodguard.config.IpLiteral;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.config.Secrets;
import dev.prodguard.connect.Bounded;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * In production no MONGO_URL host may be local: loopback, unspecified, cloud metadata, link-local,
 * private, a local-network or container name, or a single-label name. Those are the local and
 * preview databases that resets and sandbox clean-ups wipe. Literals are judged in every spelling a
 * resolver accepts; names are resolved (A/AAAA, and for mongodb+srv the hosts behind the SRV
 * record) and every address is judged. A name that cannot be resolved within the timeout is a
 * violation too: the gate never calls a host public without knowing.
 */
public final class HostRule implements GateRule {
    private static final String REMEDY = "; set MONGO_URL to the production cluster's DNS name"
            + " (e.g. cluster0.abcde.mongodb.net with mongodb+srv://)";

    private final HostResolver resolver;
    private final int timeoutMs;

    /**
     * @param resolver answers the look-ups
     * @param timeoutMs the most each round of look-ups (SRV, then addresses) may take
     */
    public HostRule(HostResolver resolver, int timeoutMs) {
        this.resolver = resolver;
        this.timeoutMs = timeoutMs;
    }

    /** One host to judge: how MONGO_URL names it (for messages) and the name to look up. */
    private record Target(String shown, String host) {}

    @Override
    public List<Violation> check(GateFacts facts) {
        if (!facts.production()) {
            return List.of();
        }
        MongoTarget target = facts.target();
        List<Violation> out = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        if (target.isSrv()) {
            String srv = target.srvHost();
            HostClass byName = HostClass.of(srv);
            if (byName.local()) {
                out.add(violation(byName, "PRODUCTION=true but MONGO_URL points at " + srv + ", "));
                return out;
            }
            String record = "_mongodb._tcp." + IpLiteral.normalise(srv);
            try {
                List<String> hosts = Bounded.call(() -> resolver.srvTargets(record), timeoutMs);
                if (hosts.isEmpty()) {
                    throw new UnknownHostException(record);
                }
                for (String host : hosts) {
                    targets.add(new Target(IpLiteral.normalise(host) + " (behind the SRV record of " + srv + ")", host));
                }
            } catch (Exception e) {
                out.add(unresolved("the SRV record " + record, e));
                return out;
            }
        } else {
            for (MongoTarget.HostPort hp : target.hosts()) {
                targets.add(new Target(hp.toString(), hp.host()));
            }
        }
        List<Target> toResolve = new ArrayList<>();
        for (Target t : targets) {
            HostClass byName = HostClass.of(t.host());
            if (byName.local()) {
                out.add(violation(byName, "PRODUCTION=true but MONGO_URL points at " + t.shown() + ", "));
            } else if (!HostClass.isLiteral(t.host())) {
                toResolve.add(t);
            }
        }
        out.addAll(resolveAll(toResolve));
        return out;
    }

    private List<Violation> resolveAll(List<Target> targets) {
        List<Callable<Violation>> lookups = new ArrayList<>();
        for (Target t : targets) {
            lookups.add(() -> judge(t, resolver.addresses(IpLiteral.normalise(t.host()))));
        }
        List<Violation> found = new ArrayList<>();
        try {
            for (Violation v : Bounded.all(lookups, timeoutMs,
                    (i, e) -> unresolved("the host " + targets.get(i).shown(), e))) {
                if (v != null) {
                    found.add(v);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the error mapper does not throw", e);
        }
        return found;
    }

    private static Violation judge(Target t, List<InetAddress> addresses) throws UnknownHostException {
        if (addresses.isEmpty()) {
            throw new UnknownHostException(t.host());
        }
        InetAddress worst = addresses.get(0);
        for (InetAddress a : addresses) {
            if (HostClass.ofAddress(a).compareTo(HostClass.ofAddress(worst)) < 0) {
                worst = a;
            }
        }
        HostClass kind = HostClass.ofAddress(worst);
        if (!kind.local()) {
            return null;
        }
        return violation(kind, "PRODUCTION=true but MONGO_URL points at " + t.shown() + ", which resolves to "
                + worst.getHostAddress() + ", ");
    }

    private static Violation violation(HostClass kind, String prefix) {
        return new Violation(ruleId(kind), prefix + kind.meaning() + REMEDY);
    }

    /** The rule id of a local host class: host-loopback, host-private, host-local-name, .... */
    static String ruleId(HostClass kind) {
        return "host-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private Violation unresolved(String what, Exception e) {
        String why;
        if (e instanceof Bounded.DeadlineExceeded) {
            why = "no answer within " + timeoutMs + " ms";
        } else if (e instanceof UnknownHostException || e instanceof javax.naming.NameNotFoundException) {
            why = "name not found";
        } else {
            why = Secrets.scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return new Violation("host-unresolved", "PRODUCTION=true but " + what + " could not be resolved (" + why
                + "), so gate cannot tell whether MONGO_URL points at a local database; check the name and this"
                + " machine's DNS (prodguard doctor shows the DNS layer), then run gate again");
    }
}
