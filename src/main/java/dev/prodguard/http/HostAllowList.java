package dev.prodguard.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers a {@link HardenedServer} answers: the loopback names {@code 127.0.0.1},
 * {@code localhost} and {@code [::1]} (without a port or with the server's own), plus configured public
 * names ({@code name} matches any port, {@code name:port} only that port). A page served from another
 * name that a DNS rebinding attack points at 127.0.0.1 sends its own name, so it is refused.
 */
public final class HostAllowList {
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");
    private static final Pattern NAME = Pattern.compile(
            "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\]");

    /** One allowed name; port -1 matches any port and none. */
    record Entry(String host, int port) {}

    private final List<Entry> configured;

    private HostAllowList(List<Entry> configured) {
        this.configured = List.copyOf(configured);
    }

    /** Loopback names only. */
    public static HostAllowList loopback() {
        return new HostAllowList(List.of());
    }

    /**
     * Loopback names plus {@code names} (comma-separated {@code host} or {@code host:port}; blank: none).
     *
     * @throws IllegalArgumentException naming the first entry that is not a host name, an IP address or
     *     a bracketed IPv6 address with an optional port
     */
    public static HostAllowList withNames(String names) {
        List<Entry> out = new ArrayList<>();
        if (names != null) {
            for (String raw : names.split(",")) {
                String v = raw.strip();
                if (!v.isEmpty()) {
                    out.add(parse(v));
                }
            }
        }
        return new HostAllowList(out);
    }

    /** Parses {@code host} or {@code host:port}; throws IllegalArgumentException with the reason. */
    static Entry parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        int colon = v.lastIndexOf(':');
        String host = v;
        int port = -1;
        if (colon > 0 && (v.charAt(0) != '[' || v.charAt(colon - 1) == ']')) {
            host = v.substring(0, colon);
            String p = v.substring(colon + 1);
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + value + "' has no valid port (1-65535) after the colon");
            }
        }
        if (host.isEmpty() || host.length() > 253 || !NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a host name or IP address (write a name such as"
                    + " guardian.example.com, optionally with :port; no scheme or path)");
        }
        return new Entry(host, port);
    }

    /**
     * True when a request with this {@code Host} header may be answered by a server bound to {@code port}.
     * A missing header (only HTTP/1.0 may omit it; browsers always send one) is allowed.
     */
    public boolean allows(String hostHeader, int port) {
        if (hostHeader == null) {
            return true;
        }
        Entry seen;
        try {
            seen = parse(hostHeader);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (LOOPBACK.contains(seen.host())) {
            return seen.port() == -1 || seen.port() == port;
        }
        for (Entry e : configured) {
            if (e.host().equals(seen.host()) && (e.port() == -1 || e.port() == seen.port())) {
                return true;
            }
        }
        return false;
    }

    /** The names answered besides loopback, for messages. */
    public List<String> configuredNames() {
        return configured.stream().map(e -> e.port() == -1 ? e.host() : e.host() + ":" + e.port()).toList();
    }
}
