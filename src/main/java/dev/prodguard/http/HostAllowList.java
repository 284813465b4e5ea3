package dev.prodguard.http;

import dev.prodguard.config.HostPort;
import java.util.List;

/**
 * Which {@code Host} headers a {@link HardenedServer} answers: the loopback names {@code 127.0.0.1},
 * {@code localhost} and {@code [::1]} (without a port or with the server's own), plus configured public
 * names ({@code name} matches any port, {@code name:port} only that port). A page served from another
 * name that a DNS rebinding attack points at 127.0.0.1 sends its own name, so it is refused.
 */
public final class HostAllowList {
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");

    private final List<HostPort> configured;

    private HostAllowList(List<HostPort> configured) {
        this.configured = List.copyOf(configured);
    }

    /** Loopback names only. */
    public static HostAllowList loopback() {
        return new HostAllowList(List.of());
    }

    /**
     * Loopback names plus {@code names} (comma-separated {@code host} or {@code host:port}; null or blank: none).
     *
     * @throws IllegalArgumentException naming the first entry that is not a host with an optional port
     */
    public static HostAllowList withNames(String names) {
        return new HostAllowList(HostPort.parseList(names));
    }

    /**
     * True when a request with this {@code Host} header may be answered by a server bound to {@code port}.
     * A missing header (only HTTP/1.0 may omit it; browsers always send one) is allowed.
     */
    public boolean allows(String hostHeader, int port) {
        if (hostHeader == null) {
            return true;
        }
        HostPort seen;
        try {
            seen = HostPort.parse(hostHeader);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (LOOPBACK.contains(seen.host())) {
            return seen.port() == -1 || seen.port() == port;
        }
        return configured.stream().anyMatch(e -> e.host().equals(seen.host()) && (e.port() == -1 || e.port() == seen.port()));
    }

    /** The names answered besides loopback, for messages. */
    public List<String> configuredNames() {
        return configured.stream().map(HostPort::toString).toList();
    }
}
