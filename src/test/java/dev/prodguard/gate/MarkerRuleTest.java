package dev.prodguard.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.MongoTarget;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the rules that look at the reached server: marker agreement and the embedded server. */
class MarkerRuleTest {
    private static GateFacts facts(boolean production, String marker, boolean embedded) {
        MongoTarget target = MongoTarget.parse("mongodb+srv://app:Vq7-rN2k_Lp9-Zx4w@c0.abcde.mongodb.net/", "MONGO_URL");
        Optional<EnvironmentMarker.Marker> m = marker.equals("none") ? Optional.empty()
                : Optional.of(new EnvironmentMarker.Marker(marker, Instant.parse("2026-11-01T08:00:00Z"), "web-1"));
        ServerFacts server = new ServerFacts(new ServerIdentity(embedded, "8.0.4", "test"), m);
        return GateFacts.offline(production, target, "coinhubx_production", false).withServer(server);
    }

    @ParameterizedTest(name = "[{index}] production={0} marker={1} -> {2}")
    @CsvSource({
        "true,  none,       marker-missing",
        "true,  preview,    marker-not-production",
        "true,  staging,    marker-not-production",
        "true,  production, ''",
        "true,  PRODUCTION, ''",
        "false, production, marker-production",
        "false, Production, marker-production",
        "false, preview,    ''",
        "false, none,       ''",
        "false, staging,    ''",
    })
    void markerRule(boolean production, String marker, String expected) {
        List<Violation> v = new MarkerRule().check(facts(production, marker, false));
        assertThat(v.stream().map(Violation::rule).toList())
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
        if (expected.equals("marker-missing")) {
            assertThat(v.get(0).message()).contains("prodguard gate --mark production").contains("deliberately");
        }
        if (expected.equals("marker-production")) {
            assertThat(v.get(0).message()).startsWith("preview points at the production database");
        }
    }

    @ParameterizedTest(name = "[{index}] production={0} embedded={1} -> {2}")
    @CsvSource({
        "true,  true,  embedded-server",
        "true,  false, ''",
        "false, true,  ''",
        "false, false, ''",
    })
    void embeddedServerRule(boolean production, boolean embedded, String expected) {
        List<Violation> v = new EmbeddedServerRule().check(facts(production, "production", embedded));
        assertThat(v.stream().map(Violation::rule).toList())
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "[{index}] server rules pass when the server was not reached")
    @CsvSource({"true", "false"})
    void serverRulesNeedAServer(boolean production) {
        MongoTarget target = MongoTarget.parse("mongodb://localhost:27017", "MONGO_URL");
        GateFacts offline = GateFacts.offline(production, target, "db", false);
        assertThat(new MarkerRule().check(offline)).isEmpty();
        assertThat(new EmbeddedServerRule().check(offline)).isEmpty();
    }
}
