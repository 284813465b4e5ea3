package dev.prodguard.gate;

import dev.prodguard.config.ConfigKey;
import java.util.List;

/** In production the connection must use TLS, unless PRODGUARD_ALLOW_NO_TLS=true says the link is private. */
public final class TlsRule implements GateRule {
    @Override
    public List<Violation> check(GateFacts facts) {
        if (!facts.production() || facts.allowNoTls() || facts.target().tlsEnabled()) {
            return List.of();
        }
        return List.of(new Violation("tls-off", "PRODUCTION=true but TLS is off for MONGO_URL, so passwords"
                + " and data cross the network readable; use mongodb+srv:// (TLS by default) or add tls=true,"
                + " or set " + ConfigKey.ALLOW_NO_TLS.envName() + "=true only if the link is private and"
                + " encrypted by other means"));
    }
}
