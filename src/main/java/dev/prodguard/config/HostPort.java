package dev.prodguard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host name, IPv4 address or bracketed IPv6 address with an optional port, as a {@code Host} header
 * or a {@code PRODGUARD_HTTP_HOSTS} entry holds it: lower case, without a trailing dot; port -1 when none.
 */
public record HostPort(String host, int port) {
    private static final Pattern NAME = Pattern.compile(
            "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\]");

    /**
     * Parses {@code host} or {@code host:port}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code value}
     */
    public static HostPort parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!v.matches("[a-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("'" + value.strip() + "' is not a host name or IP address");
        }
        int colon = v.lastIndexOf(':');
        String host = v;
        int port = -1;
        if (colon > 0 && (v.charAt(0) != '[' || v.charAt(colon - 1) == ']')) {
            host = v.substring(0, colon);
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + value + "' has no valid port (1-65535) after the colon");
            }
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > 253 || !NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + value.strip() + "' is not a host name or IP address");
        }
        return new HostPort(host, port);
    }

    /** Parses comma-separated entries (blank ones skipped). @throws IllegalArgumentException for a bad entry */
    public static List<HostPort> parseList(String values) {
        List<HostPort> out = new ArrayList<>();
        if (values != null) {
            for (String raw : values.split(",")) {
                if (!raw.isBlank()) {
                    out.add(parse(raw));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return port == -1 ? host : host + ":" + port;
    }
}
