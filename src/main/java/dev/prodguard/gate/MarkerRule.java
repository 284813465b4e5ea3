package dev.prodguard.gate;

import java.util.List;
import java.util.Optional;

/**
 * The environment fingerprint must agree with the configuration: a production configuration needs
 * a database marked production, and any other configuration must not reach a database marked
 * production ("preview points at the production database").
 */
public final class MarkerRule implements GateRule {
    @Override
    public List<Violation> check(GateFacts facts) {
        if (facts.server().isEmpty()) {
            return List.of();
        }
        Optional<EnvironmentMarker.Marker> marker = facts.server().get().marker();
        String db = "database '" + facts.dbName() + "'";
        if (facts.production()) {
            if (marker.isEmpty()) {
                return List.of(new Violation("marker-missing", "PRODUCTION=true but " + db + " has no"
                        + " environment marker, so nothing shows it is the production database; if it is,"
                        + " mark it once, deliberately, with this configuration: prodguard gate --mark production"));
            }
            if (!marker.get().is(Environment.PRODUCTION)) {
                return List.of(new Violation("marker-not-production", "PRODUCTION=true but " + db
                        + " is marked " + marker.get().describe() + ": production points at a non-production"
                        + " database; fix MONGO_URL or DB_NAME, or, only if the marker is wrong, run"
                        + " prodguard gate --mark production --force"));
            }
            return List.of();
        }
        if (marker.isPresent() && marker.get().is(Environment.PRODUCTION)) {
            return List.of(new Violation("marker-production", "preview points at the production database: "
                    + "PRODUCTION is not true but " + db + " is marked " + marker.get().describe()
                    + "; give this environment its own MONGO_URL and DB_NAME (never the production ones)"));
        }
        return List.of();
    }
}
