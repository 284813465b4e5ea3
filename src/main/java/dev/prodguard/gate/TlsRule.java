package dev.prodguard.gate;

import dev.prodguard.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * In production the connection must use TLS, unless PRODGUARD_ALLOW_NO_TLS=true says the link is
 * private, and TLS must verify the server: no option may switch certificate or host-name
 * verification off (tlsInsecure, tlsAllowInvalidCertificates, tlsAllowInvalidHostnames and their
 * ssl* aliases; option names are case-insensitive, as in drivers).
 */
public final class TlsRule implements GateRule {
    /** Options (lower case) that turn a verification off when true. */
    static final Set<String> INSECURE = Set.of("tlsinsecure", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames",
            "sslallowinvalidcertificates", "sslallowinvalidhostnames", "sslinvalidhostnameallowed",
            "tlsdisablecertificaterevocationcheck", "tlsdisableocspendpointcheck");

    @Override
    public List<Violation> check(GateFacts facts) {
        if (!facts.production()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        if (!facts.allowNoTls() && !facts.target().tlsEnabled()) {
            out.add(new Violation("tls-off", "PRODUCTION=true but TLS is off for MONGO_URL, so passwords"
                    + " and data cross the network readable; use mongodb+srv:// (TLS by default) or add tls=true,"
                    + " or set " + ConfigKey.ALLOW_NO_TLS.envName() + "=true only if the link is private and"
                    + " encrypted by other means"));
        }
        for (Map.Entry<String, String> o : facts.target().options().entrySet()) {
            if (INSECURE.contains(o.getKey()) && switchedOn(o.getValue())) {
                out.add(new Violation("tls-insecure", "PRODUCTION=true but MONGO_URL sets " + o.getKey() + "="
                        + o.getValue() + ", which switches off TLS certificate or host-name verification, so anyone"
                        + " on the path can impersonate the database; remove the option (for a private CA, add it"
                        + " to the Java truststore instead)"));
            }
        }
        return out;
    }

    /** Anything but an explicit false counts as on: drivers disagree on what else they accept. */
    private static boolean switchedOn(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return !(v.equals("false") || v.equals("0") || v.equals("no") || v.equals("off"));
    }
}
