package dev.prodguard.doctor;

import dev.prodguard.connect.Bounded;
import dev.prodguard.connect.Dns;
import dev.prodguard.config.MongoTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;

/**
 * The DNS layer: for {@code mongodb+srv} the SRV record {@code _mongodb._tcp.<host>} and the TXT
 * record (through JNDI's DNS provider with short timeouts), then A/AAAA for every host; for a plain
 * seed list, A/AAAA for every host name (IP addresses need no look-up).
 */
final class DnsCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** TXT options MongoDB drivers accept from DNS (connection string spec). */
    private static final String NO_ANSWER = "the DNS server did not answer";
    private static final List<String> TXT_OPTIONS = List.of("authsource", "replicaset", "loadbalanced");

    /** The layer's result and, when it passed, the endpoints to connect to. */
    record Outcome(LayerResult result, List<Endpoint> endpoints) {}

    private final int timeoutMs;

    DnsCheck(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    Outcome run(MongoTarget target) throws Exception {
        long start = System.nanoTime();
        List<Check> items = new ArrayList<>();
        List<String[]> hosts = new ArrayList<>(); // {host, port}
        if (target.isSrv()) {
            String name = target.srvHost();
            String srvName = "_mongodb._tcp." + name;
            List<String> srv;
            long t = System.nanoTime();
            try {
                srv = lookup(srvName, "SRV");
            } catch (Exception e) {
                String seen = describe(e);
                items.add(Check.fail("SRV " + srvName, seen, Doctor.millisSince(t)));
                String remedy = e instanceof NameNotFoundException ? Remedies.SRV_NOT_FOUND : Remedies.DNS_TIMEOUT;
                return new Outcome(LayerResult.fail(Layer.DNS, "SRV record " + srvName + ": " + seen, remedy,
                        Doctor.millisSince(start), items), List.of());
            }
            if (srv.isEmpty()) {
                items.add(Check.fail("SRV " + srvName, "no SRV records", Doctor.millisSince(t)));
                return new Outcome(LayerResult.fail(Layer.DNS, "SRV record " + srvName + " has no entries",
                        Remedies.SRV_NOT_FOUND, Doctor.millisSince(start), items), List.of());
            }
            hosts.addAll(srvTargets(srvName, name, srv, items));
            items.add(new Check("SRV " + srvName, hosts.isEmpty() ? Status.FAIL : Status.PASS,
                    hosts.size() + " host(s): " + String.join(", ", hosts.stream().map(h -> h[0] + ":" + h[1]).toList()),
                    Doctor.millisSince(t)));
            Check txt = txt(name);
            items.add(txt);
            if (items.stream().anyMatch(c -> c.status() == Status.FAIL)) {
                return new Outcome(LayerResult.fail(Layer.DNS, "the DNS records of " + name + " are not usable",
                        Remedies.SRV_RECORDS, Doctor.millisSince(start), items), List.of());
            }
        } else {
            for (MongoTarget.HostPort hp : target.hosts()) {
                hosts.add(new String[] {hp.host(), String.valueOf(hp.port())});
            }
        }
        List<Callable<Check>> lookups = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (String[] h : hosts) {
            lookups.add(() -> resolve(h[0], Integer.parseInt(h[1]), endpoints));
        }
        List<Check> resolved = Bounded.all(lookups, timeoutMs,
                (i, e) -> Check.fail(hosts.get(i)[0], describe(e), Doctor.millisSince(start)));
        items.addAll(resolved);
        List<Check> failed = resolved.stream().filter(c -> c.status() == Status.FAIL).toList();
        long millis = Doctor.millisSince(start);
        if (!failed.isEmpty()) {
            Check first = failed.get(0);
            boolean timeout = first.detail().startsWith(NO_ANSWER);
            return new Outcome(LayerResult.fail(Layer.DNS, first.name() + ": " + first.detail(),
                    timeout ? Remedies.DNS_TIMEOUT : Remedies.HOST_NOT_FOUND, millis, items), List.of());
        }
        List<Endpoint> ordered = new ArrayList<>();
        for (String[] h : hosts) { // keep the seed list's order, not the look-ups' finishing order
            synchronized (endpoints) {
                endpoints.stream().filter(e -> e.host().equals(h[0]) && e.port() == Integer.parseInt(h[1]))
                        .findFirst().ifPresent(ordered::add);
            }
        }
        String summary = target.isSrv()
                ? "SRV and TXT records found; " + ordered.size() + " host(s) resolved"
                : resolved.size() == 1 ? resolved.get(0).name() + ": " + resolved.get(0).detail()
                : ordered.size() + " host(s) resolved";
        return new Outcome(LayerResult.pass(Layer.DNS, summary, millis, items), ordered);
    }

    private Check resolve(String host, int port, List<Endpoint> sink) throws UnknownHostException {
        long t = System.nanoTime();
        boolean literal = IPV4.matcher(host).matches() || host.contains(":");
        InetAddress[] all = InetAddress.getAllByName(host); // a literal: parsed, no look-up
        synchronized (sink) {
            sink.add(new Endpoint(host, port, List.of(all)));
        }
        String detail = literal ? "an IP address, no look-up needed"
                : "resolves to " + String.join(", ", List.of(all).stream().map(InetAddress::getHostAddress).toList());
        return Check.pass(host, detail, Doctor.millisSince(t));
    }

    /**
     * The {host, port} targets of SRV records ("priority weight port target."); a record that is
     * malformed or points outside the SRV name's parent domain (drivers reject those) adds a failed item.
     */
    static List<String[]> srvTargets(String srvName, String host, List<String> records, List<Check> items) {
        String parent = parentDomain(host);
        List<String[]> targets = new ArrayList<>();
        for (String record : records) {
            String[] parts = record.trim().split("\\s+");
            if (parts.length != 4 || !parts[2].matches("\\d{1,5}") || Integer.parseInt(parts[2]) > 65535) {
                items.add(Check.fail("SRV " + srvName, "malformed record '" + record + "'", -1));
                continue;
            }
            String target = stripDot(parts[3]);
            if (!target.toLowerCase(Locale.ROOT).endsWith("." + parent)) {
                items.add(Check.fail("SRV " + srvName, "target " + target + " is not inside " + parent
                        + "; drivers reject it", -1));
                continue;
            }
            targets.add(new String[] {target, parts[2]});
        }
        return targets;
    }

    private Check txt(String name) {
        long t = System.nanoTime();
        List<String> records;
        try {
            records = lookup(name, "TXT");
        } catch (NameNotFoundException e) {
            return Check.pass("TXT " + name, "none (no options from DNS)", Doctor.millisSince(t));
        } catch (Exception e) {
            return Check.fail("TXT " + name, describe(e), Doctor.millisSince(t));
        }
        return txtRecords(name, records, Doctor.millisSince(t));
    }

    /** Checks TXT records as drivers do: at most one, holding only authSource, replicaSet and loadBalanced. */
    static Check txtRecords(String name, List<String> records, long t) {
        if (records.isEmpty()) {
            return Check.pass("TXT " + name, "none (no options from DNS)", t);
        }
        if (records.size() > 1) {
            return Check.fail("TXT " + name, records.size() + " TXT records; drivers accept at most one", t);
        }
        String text = records.get(0).replace("\" \"", "").replace("\"", "").trim();
        for (String option : text.split("&")) {
            String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (!TXT_OPTIONS.contains(key.toLowerCase(Locale.ROOT))) {
                return Check.fail("TXT " + name, "option '" + key + "' is not allowed in a TXT record;"
                        + " drivers accept only authSource, replicaSet and loadBalanced", t);
            }
        }
        return Check.pass("TXT " + name, text, t);
    }

    /** The values of one record type of a name, through JNDI's DNS provider and this machine's resolvers. */
    private List<String> lookup(String name, String type) throws Exception {
        return Dns.records(name, type, timeoutMs);
    }

    /** The domain SRV targets must belong to (the host without its first label; the host itself when short). */
    static String parentDomain(String host) {
        String h = stripDot(host).toLowerCase(Locale.ROOT);
        return h.split("\\.").length >= 3 ? h.substring(h.indexOf('.') + 1) : h;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    String describe(Exception e) {
        if (e instanceof NameNotFoundException) {
            return "name not found (NXDOMAIN)";
        }
        if (e instanceof Bounded.DeadlineExceeded || e instanceof CommunicationException) {
            return NO_ANSWER + " within " + timeoutMs + " ms";
        }
        if (e instanceof ServiceUnavailableException) {
            return "DNS server failure (SERVFAIL)";
        }
        if (e instanceof UnknownHostException) {
            return "name not found";
        }
        if (e instanceof NamingException ne) {
            return "DNS error: " + ne.getExplanation();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
