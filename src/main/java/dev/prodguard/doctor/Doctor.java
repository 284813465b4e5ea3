package dev.prodguard.doctor;

import dev.prodguard.config.MongoTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code prodguard doctor} as a service: checks a connection layer by layer (URI syntax, DNS, TCP,
 * TLS, server handshake, authentication, privileges) and runs the guide's connection test, each
 * layer with its timing and, on failure, a remedy. Layers after a failed one are reported as
 * skipped. Every wait is bounded by the configured timeout, so a refused port is diagnosed at once.
 */
public final class Doctor {
    private final int timeoutMs;

    /** A doctor whose every network wait (DNS, connect, handshake, server selection) is bounded by {@code timeoutMs}. */
    public Doctor(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Diagnoses the connection to {@code target} and runs the connection test in {@code database}. */
    public DoctorReport run(MongoTarget target, String database) throws InterruptedException {
        long start = System.nanoTime();
        String where = describe(target);
        List<LayerResult> layers = new ArrayList<>();
        LayerResult uri = uriLayer(target, database);
        layers.add(uri);
        if (uri.status() == Status.FAIL) {
            return finish(where, database, layers, Layer.URI, start);
        }
        DnsCheck.Outcome dns = checked(() -> new DnsCheck(timeoutMs).run(target));
        layers.add(dns.result());
        if (dns.result().status() == Status.FAIL) {
            return finish(where, database, layers, Layer.DNS, start);
        }
        TcpCheck.Outcome tcp = checked(() -> new TcpCheck(timeoutMs).run(dns.endpoints()));
        layers.add(tcp.result());
        if (tcp.reachable().isEmpty()) {
            return finish(where, database, layers, Layer.TCP, start);
        }
        Connector connector = new Connector(timeoutMs, target.tlsEnabled(),
                !Boolean.TRUE.equals(target.connectionString().getSslInvalidHostnameAllowed()));
        List<Endpoint> usable = tcp.reachable();
        if (target.tlsEnabled()) {
            TlsCheck.Outcome tls = checked(() -> new TlsCheck(connector, timeoutMs).run(tcp.reachable()));
            layers.add(tls.result());
            if (tls.secured().isEmpty()) {
                return finish(where, database, layers, Layer.TLS, start);
            }
            usable = tls.secured();
        } else {
            layers.add(LayerResult.notChecked(Layer.TLS, "not requested by MONGO_URL (no tls=true):"
                    + " the connection is not encrypted"));
        }
        List<Endpoint> forHandshake = usable;
        HandshakeCheck.Outcome handshake = checked(() -> new HandshakeCheck(connector, timeoutMs,
                target.connectionString().getRequiredReplicaSetName()).run(forHandshake));
        layers.add(handshake.result());
        if (handshake.answered().isEmpty()) {
            return finish(where, database, layers, Layer.HANDSHAKE, start);
        }
        DatabaseChecks.Outcome db = new DatabaseChecks(timeoutMs).run(target, database);
        layers.add(db.auth());
        layers.add(db.privileges());
        layers.add(db.test());
        return new DoctorReport(where, database, timeoutMs, layers, millisSince(start), db.contents());
    }

    /**
     * The target as hosts and user, never the whole URI: the configuration registers MONGO_URL as a
     * secret, so a password-less URI printed whole would come out masked.
     */
    public static String describe(MongoTarget target) {
        String hosts = target.isSrv() ? target.srvHost() + " (SRV)"
                : String.join(",", target.hosts().stream().map(MongoTarget.HostPort::toString).toList());
        return (target.username() == null ? "" : target.username() + "@") + hosts;
    }

    /** A report for a configuration that stopped everything (e.g. an unparsable MONGO_URL). */
    public static DoctorReport configProblem(String message, boolean aboutUri, String remedy, String target,
            String database, int timeoutMs) {
        Layer layer = aboutUri ? Layer.URI : Layer.CONFIG;
        List<LayerResult> layers = new ArrayList<>();
        layers.add(LayerResult.fail(layer, message, remedy, -1, List.of()));
        addSkipped(layers, layer);
        return new DoctorReport(target, database, timeoutMs, layers, 0);
    }

    private LayerResult uriLayer(MongoTarget target, String database) {
        String scheme = target.isSrv() ? "mongodb+srv://" : "mongodb://";
        String hosts = target.isSrv() ? "SRV name " + target.srvHost() : target.hosts().size() + " host(s)";
        String user = target.username() == null ? "no credentials" : "user " + target.username() + ", password hidden";
        String summary = scheme + ", " + hosts + ", TLS " + (target.tlsEnabled() ? "on" : "off") + ", " + user
                + "; database " + database;
        char[] password = target.password();
        boolean placeholder = password != null && isPlaceholder(new String(password));
        if (placeholder || target.hostNames().stream().anyMatch(h -> h.contains("xxxxx"))) {
            return LayerResult.fail(Layer.URI, "MONGO_URL still holds a placeholder from the guide's example ("
                    + (placeholder ? "the password" : "the host name") + ")", Remedies.PLACEHOLDER, -1, List.of());
        }
        return LayerResult.pass(Layer.URI, summary, -1, List.of());
    }

    static boolean isPlaceholder(String password) {
        String p = password.toLowerCase(Locale.ROOT);
        return (p.startsWith("<") && p.endsWith(">")) || p.equals("your_password");
    }

    private DoctorReport finish(String target, String database, List<LayerResult> layers, Layer failed, long start) {
        addSkipped(layers, failed);
        return new DoctorReport(target, database, timeoutMs, layers, millisSince(start));
    }

    /** Appends every layer after {@code failed} (except CONFIG) as skipped, when not already present. */
    private static void addSkipped(List<LayerResult> layers, Layer failed) {
        for (Layer l : Layer.values()) {
            if (l.ordinal() > failed.ordinal() && l != Layer.REPOSITORY && layers.stream().noneMatch(r -> r.layer() == l)) {
                layers.add(LayerResult.skipped(l, failed));
            }
        }
    }

    /** Runs one layer; only interruption and runtime failures (bugs) escape, as themselves. */
    private static <T> T checked(Callable<T> layer) throws InterruptedException {
        try {
            return layer.call();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds since a {@link System#nanoTime()} reading. */
    static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
