package dev.prodguard.connect;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A driver failure in the user's words: what went wrong with the connection ({@link #cause()}, e.g.
 * "no server answered at db.example.com:27017 (connection refused)") and what to do ({@link #remedy()}),
 * instead of the driver's text ({@code Timed out while waiting for a server that matches
 * ReadPreferenceServerSelector{...}}), which stays in the exception for {@code --verbose} and the debug log.
 * The remedies are the ones {@code doctor} prints (its {@code Remedies} are built from these).
 */
public record ConnectionProblem(Kind kind, String cause, String remedy) {
    /** What kind of failure it was. */
    public enum Kind { REFUSED, TIMED_OUT, NO_REPLY, HOST_NOT_FOUND, NO_ROUTE, TLS, CLOSED, AUTHENTICATION,
        NOT_AUTHORISED, NO_PRIMARY, OTHER }

    /** Remedy for a refused connection. */
    public static final String REFUSED_REMEDY = "ensure the cluster is running (not paused) and that the host and port"
            + " in MONGO_URL are right";
    /** Remedy for a connection attempt that got no answer. */
    public static final String TIMEOUT_REMEDY = "check Network Access whitelist (should include this machine's address,"
            + " or 0.0.0.0/0) and any firewall between here and the database";
    /** Remedy for a host name that does not resolve. */
    public static final String HOST_REMEDY = "check its spelling in MONGO_URL, or copy the connection string again";
    /** Remedy for a host with no route to it. */
    public static final String ROUTE_REMEDY = "check this machine's network connection, VPN and the address in MONGO_URL";
    /** Remedy for a server that accepted the connection but never answered or closed it. */
    public static final String NEEDS_TLS_REMEDY = "if the server requires TLS (Atlas always does), update your"
            + " connection string to include tls=true; otherwise check that this port serves MongoDB";
    /** Remedy for a failed TLS handshake. */
    public static final String TLS_REMEDY = "if the server uses a private certificate authority, add it to the Java"
            + " truststore (javax.net.ssl.trustStore); use the host names your provider gives, not an IP address";
    /** Remedy for failed authentication. */
    public static final String AUTH_REMEDY = "double-check the password (no extra spaces), verify the user name, and"
            + " check if the password contains special characters that need URL encoding";
    /** Remedy for a user without the privileges an operation needs. */
    public static final String PRIVILEGES_REMEDY = "grant the MONGO_URL user readWrite on the database (Atlas: Database"
            + " Access, Read and write to any database)";
    /** Remedy for a replica set without a primary. */
    public static final String NO_PRIMARY_REMEDY = "wait for the election to finish, and ensure the cluster is running"
            + " (not paused)";
    /** Remedy when nothing more specific is known. */
    public static final String DOCTOR_REMEDY = "run 'prodguard doctor' for a layer-by-layer diagnosis";

    private static final int UNAUTHORIZED = 13;
    private static final Pattern SERVER = Pattern.compile("\\{address=([^,\\s}]+), type=([A-Z_]+)(.*?)(?=, \\{address=|$)");
    private static final Pattern EXCEPTION = Pattern.compile("\\{([\\w.$]+(?:Exception|Error)): ([^}]*)}");
    private static final Pattern STATE = Pattern.compile("state=([A-Z]+)");

    /** The connection problem behind {@code t} (anywhere in its causes), or null when no driver failure is there. */
    public static ConnectionProblem of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MongoException me) {
                return ofDriver(me);
            }
        }
        return null;
    }

    /**
     * One line for a person: {@code t}'s own first line when it already names the connection problem (a
     * wrapper that used {@link #cause()}), else the cause and the remedy when a driver failure is behind it,
     * else {@code t}'s first line.
     */
    public static String describe(Throwable t) {
        String own = (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()).split("\n")[0];
        ConnectionProblem p = of(t);
        return p == null || own.contains(p.cause()) ? own : p.line();
    }

    /** "cause; remedy". */
    public String line() {
        return cause + "; " + remedy;
    }

    private static ConnectionProblem ofDriver(MongoException e) {
        if (e instanceof MongoSecurityException) {
            return new ConnectionProblem(Kind.AUTHENTICATION, "the server refused the MONGO_URL credentials"
                    + " (authentication failed)", AUTH_REMEDY);
        }
        if (e instanceof MongoCommandException ce) {
            String msg = lower(ce.getErrorMessage());
            if (ce.getErrorCode() == UNAUTHORIZED || msg.contains("not authorized") || msg.contains("requires authentication")) {
                return new ConnectionProblem(Kind.NOT_AUTHORISED, "the MONGO_URL user is not authorised: "
                        + firstLine(ce.getErrorMessage()), PRIVILEGES_REMEDY);
            }
            return new ConnectionProblem(Kind.OTHER, "the server refused the command: " + firstLine(ce.getErrorMessage())
                    + " (code " + ce.getErrorCode() + ")", DOCTOR_REMEDY);
        }
        if (e instanceof MongoTimeoutException) {
            return ofClusterView(String.valueOf(e.getMessage()));
        }
        if (e instanceof MongoSocketReadTimeoutException se) {
            return new ConnectionProblem(Kind.NO_REPLY, "the server at " + se.getServerAddress()
                    + " stopped answering (no reply in time)", TIMEOUT_REMEDY + ", or " + DOCTOR_REMEDY);
        }
        if (e instanceof MongoSocketException se) {
            Reason r = reason(rootOf(e));
            return new ConnectionProblem(r.kind(), "the connection to " + se.getServerAddress() + " failed (" + r.text()
                    + ")", r.remedy());
        }
        String first = firstLine(String.valueOf(e.getMessage()));
        if (lower(first).contains("not primary") || lower(first).contains("not master")) {
            return new ConnectionProblem(Kind.NO_PRIMARY, "the server is not the primary (" + first + ")", NO_PRIMARY_REMEDY);
        }
        return new ConnectionProblem(Kind.OTHER, "the database failed: " + first, DOCTOR_REMEDY);
    }

    /** Reads the driver's "Client view of cluster state is {... servers=[{address=..., ...}]}" summary. */
    static ConnectionProblem ofClusterView(String message) {
        int at = message.indexOf("servers=[");
        String servers = at < 0 ? "" : message.substring(at + "servers=[".length());
        List<String> failed = new ArrayList<>();
        List<String> answering = new ArrayList<>();
        Set<Kind> kinds = new LinkedHashSet<>();
        Reason last = null;
        Matcher m = SERVER.matcher(servers);
        while (m.find()) {
            String address = m.group(1);
            String type = m.group(2);
            String rest = m.group(3);
            Matcher ex = EXCEPTION.matcher(rest);
            String root = null;
            while (ex.find()) {
                root = ex.group(1) + ": " + ex.group(2);
            }
            Matcher st = STATE.matcher(rest);
            boolean connected = st.find() && st.group(1).equals("CONNECTED");
            if (connected && root == null) {
                answering.add(address + " (" + describeType(type) + ")");
                kinds.add(Kind.NO_PRIMARY);
            } else {
                last = root == null ? new Reason(Kind.TIMED_OUT, "no answer in time", TIMEOUT_REMEDY) : reason(root);
                failed.add(address + " (" + last.text() + ")");
                kinds.add(last.kind());
            }
        }
        if (failed.isEmpty() && answering.isEmpty()) {
            return new ConnectionProblem(Kind.TIMED_OUT, "no server answered in time", TIMEOUT_REMEDY + ", or "
                    + DOCTOR_REMEDY);
        }
        if (failed.isEmpty()) {
            return new ConnectionProblem(Kind.NO_PRIMARY, "no server could take the operation: " + String.join(", ",
                    answering) + " answered, but none is the primary", NO_PRIMARY_REMEDY);
        }
        String cause = failed.size() == 1 && answering.isEmpty() ? "no server answered at " + failed.get(0)
                : "no server answered: " + String.join(", ", failed)
                        + (answering.isEmpty() ? "" : "; " + String.join(", ", answering) + " answered, but none is the primary");
        Kind kind = kinds.size() == 1 ? kinds.iterator().next() : last.kind();
        return new ConnectionProblem(kind, cause, kinds.size() == 1 ? last.remedy() : DOCTOR_REMEDY);
    }

    private record Reason(Kind kind, String text, String remedy) {}

    private static Reason reason(String root) {
        String r = lower(root);
        if (r.contains("connectexception") || r.contains("connection refused")) {
            return new Reason(Kind.REFUSED, "connection refused", REFUSED_REMEDY);
        }
        if (r.contains("unknownhostexception")) {
            return new Reason(Kind.HOST_NOT_FOUND, "host name not found", HOST_REMEDY);
        }
        if (r.contains("noroutetohost") || r.contains("no route to host") || r.contains("network is unreachable")) {
            return new Reason(Kind.NO_ROUTE, "no route to the host", ROUTE_REMEDY);
        }
        if (r.contains("ssl") || r.contains("pkix") || r.contains("certificate")) {
            return new Reason(Kind.TLS, "TLS handshake failed", TLS_REMEDY);
        }
        if (r.contains("read timed out") || r.contains("timeout while receiving")) {
            return new Reason(Kind.NO_REPLY, "it accepted the connection but sent no reply", NEEDS_TLS_REMEDY);
        }
        if (r.contains("timed out") || r.contains("sockettimeout")) {
            return new Reason(Kind.TIMED_OUT, "timed out connecting", TIMEOUT_REMEDY);
        }
        if (r.contains("end of stream") || r.contains("connection reset") || r.contains("eof")) {
            return new Reason(Kind.CLOSED, "it closed the connection", NEEDS_TLS_REMEDY);
        }
        return new Reason(Kind.OTHER, firstLine(root.replaceFirst("^[\\w.$]+: ", "")), DOCTOR_REMEDY);
    }

    private static String rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    private static String describeType(String type) {
        return switch (type) {
            case "REPLICA_SET_SECONDARY" -> "a secondary";
            case "REPLICA_SET_ARBITER" -> "an arbiter";
            case "REPLICA_SET_OTHER", "REPLICA_SET_GHOST" -> "a replica set member that is not ready";
            default -> type.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.split("\n")[0];
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
