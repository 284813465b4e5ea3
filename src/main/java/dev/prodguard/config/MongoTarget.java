package dev.prodguard.config;

import com.mongodb.ConnectionString;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed and validated MongoDB connection string. Parsing uses the driver's own parser, after
 * checks that turn its most confusing failures (an unencoded '@' in a password, a port out of
 * range) into one-line messages. {@link #toString()} is always redacted.
 */
public final class MongoTarget {
    private static final String RESERVED = "@:/?#[]";

    private final String uri;
    private final ConnectionString parsed;
    private final List<HostPort> hosts;

    /** One host of the seed list. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    private MongoTarget(String uri, ConnectionString parsed, List<HostPort> hosts) {
        this.uri = uri;
        this.parsed = parsed;
        this.hosts = List.copyOf(hosts);
    }

    /**
     * Parses a URI. {@code source} names where it came from (e.g. "MONGO_URL") for the message.
     *
     * @throws ProdguardException CONFIG with a one-line message that never contains the password
     */
    public static MongoTarget parse(String uri, String source) {
        if (uri == null || uri.isBlank()) {
            throw ProdguardException.config(source + " is empty; set it to your connection string,"
                    + " e.g. mongodb+srv://user:<password>@cluster.example.mongodb.net/");
        }
        String trimmed = uri.strip();
        if (!trimmed.equals(uri)) {
            throw ProdguardException.config(source + " has leading or trailing spaces; remove them");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                throw ProdguardException.config(source + " contains a control or invalid (non-UTF-8)"
                        + " character at position " + i + "; copy the connection string again");
            }
        }
        if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
            throw ProdguardException.config(source + " must start with mongodb:// or mongodb+srv://"
                    + " (it starts with '" + Redactor.redactUri(uri).replaceAll("^(.{0,12}).*$", "$1") + "…')");
        }
        Credentials.checkEncoding(uri, source);
        checkPorts(uri, source);
        ConnectionString cs;
        try {
            cs = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw ProdguardException.config(source + " is not a valid connection string: "
                    + Secrets.scrub(firstLine(e.getMessage())) + " (" + Redactor.redactUri(uri) + ")");
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String h : cs.getHosts()) {
            hosts.add(splitHost(h, cs.isSrvProtocol()));
        }
        MongoTarget target = new MongoTarget(uri, cs, hosts);
        target.registerSecrets();
        return target;
    }

    /** Options whose values are secrets (lower case), besides the password. */
    private static final java.util.Set<String> SECRET_OPTIONS = java.util.Set.of("tlscertificatekeyfilepassword",
            "sslclientcertificatekeypassword", "sslpemkeypassword");

    /**
     * Registers every secret this URI carries with {@link Secrets}: the password, the values of
     * {@code authMechanismProperties} (e.g. {@code AWS_SESSION_TOKEN}) and key-file passwords, so that
     * no driver or server message can print them.
     */
    private void registerSecrets() {
        char[] p = parsed.getPassword();
        if (p != null) {
            Secrets.register(new String(p));
        }
        java.util.Map<String, String> options = options();
        for (String name : SECRET_OPTIONS) {
            Secrets.register(options.get(name));
        }
        String props = options.get("authmechanismproperties");
        if (props != null) {
            for (String prop : props.split(",")) {
                int colon = prop.indexOf(':');
                Secrets.register(colon < 0 ? prop : prop.substring(colon + 1));
            }
        }
    }

    private static void checkPorts(String uri, String source) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int at = rest.lastIndexOf('@');
        String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
        int end = hostPart.length();
        for (char stop : new char[] {'/', '?'}) {
            int i = hostPart.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        for (String host : hostPart.substring(0, end).split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon < 0 || host.endsWith("]")) {
                continue;
            }
            String port = host.substring(colon + 1);
            int value;
            try {
                value = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw ProdguardException.config(source + " has an invalid port '" + port + "' for host '"
                        + host.substring(0, colon) + "'; a port is a number from 1 to 65535");
            }
            if (value < 1 || value > 65535) {
                throw ProdguardException.config(source + " has port " + value + " for host '"
                        + host.substring(0, colon) + "'; a port must be from 1 to 65535");
            }
        }
    }

    private static HostPort splitHost(String h, boolean srv) {
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            String host = h.substring(1, close);
            int port = close + 1 < h.length() ? Integer.parseInt(h.substring(close + 2)) : 27017;
            return new HostPort(host, port);
        }
        int colon = h.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(h, 27017);
        }
        return new HostPort(h.substring(0, colon), Integer.parseInt(h.substring(colon + 1)));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The raw URI, password included: only for handing to the driver. */
    public String rawUri() {
        return uri;
    }

    public ConnectionString connectionString() {
        return parsed;
    }

    public String redacted() {
        return Redactor.redactUri(uri);
    }

    public boolean isSrv() {
        return parsed.isSrvProtocol();
    }

    public List<HostPort> hosts() {
        return hosts;
    }

    /** The SRV service name for mongodb+srv URIs (the single host), else null. */
    public String srvHost() {
        return isSrv() ? hosts.get(0).host() : null;
    }

    /** TLS is on when asked for explicitly or implied by mongodb+srv. */
    public boolean tlsEnabled() {
        Boolean tls = parsed.getSslEnabled();
        if (tls != null) {
            return tls;
        }
        return isSrv();
    }

    public String username() {
        return parsed.getUsername();
    }

    public boolean hasPassword() {
        return parsed.getPassword() != null;
    }

    /** The password, only for strength checks and the driver; never print it. */
    public char[] password() {
        char[] p = parsed.getPassword();
        return p == null ? null : p.clone();
    }

    /**
     * The URI's options as written (keys in lower case, values percent-decoded), including those the
     * driver does not know; the last one wins when a key repeats.
     */
    public java.util.Map<String, String> options() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        int at = rest.lastIndexOf('@', rest.indexOf('?') < 0 ? rest.length() : rest.indexOf('?'));
        int q = rest.indexOf('?', Math.max(0, at));
        if (q < 0) {
            return out;
        }
        for (String pair : rest.substring(q + 1).split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(key).toLowerCase(Locale.ROOT), decode(value));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The database named in the URI path, if any. */
    public String database() {
        return parsed.getDatabase();
    }

    /** True when every host is loopback or named localhost. */
    public boolean allHostsLocal() {
        return hosts.stream().allMatch(h -> HostClass.of(h.host()) == HostClass.LOOPBACK);
    }

    @Override
    public String toString() {
        return redacted();
    }

    /** Lower-cased host names, for comparisons. */
    public List<String> hostNames() {
        return hosts.stream().map(h -> h.host().toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether a character is one that must be percent-encoded inside a user name or password. */
    static boolean isReserved(char c) {
        return RESERVED.indexOf(c) >= 0;
    }
}
