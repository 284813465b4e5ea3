package dev.prodguard.gate;

import java.util.List;

/** In production MONGO_URL must not reach prodguard's embedded throwaway database (see {@link ServerFingerprint}). */
public final class EmbeddedServerRule implements GateRule {
    @Override
    public List<Violation> check(GateFacts facts) {
        if (!facts.production() || facts.server().isEmpty() || !facts.server().get().identity().embedded()) {
            return List.of();
        }
        return List.of(new Violation("embedded-server", "PRODUCTION=true but MONGO_URL reaches prodguard's"
                + " embedded throwaway database (" + facts.server().get().identity().evidence() + "), which"
                + " has no authentication and can lose data; set MONGO_URL to the production cluster"));
    }
}
