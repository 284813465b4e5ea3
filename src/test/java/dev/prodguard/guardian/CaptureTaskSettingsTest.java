package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wipe rule's and capture alert's settings: documented defaults, overrides, one-line CONFIG errors. */
class CaptureTaskSettingsTest {
    @TempDir
    Path dir;

    private Settings load(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", "mongodb://127.0.0.1:1/", "DB_NAME", "shop"));
        env.putAll(extra);
        return new SettingsLoader(env, dir, dir).load();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        CaptureTaskSettings c = CaptureTaskSettings.from(load(Map.of()));
        assertThat(c.massDelete()).isEqualTo(1000);
        assertThat(c.wipeWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.alertAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ignored()).isEmpty();
        assertThat(c.timing().commitInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.timing().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void overridesAreRead() {
        CaptureTaskSettings c = CaptureTaskSettings.from(load(Map.of("PRODGUARD_WIPE_MASS_DELETE", "50",
                "PRODGUARD_WIPE_WINDOW_S", "3", "PRODGUARD_WIPE_IGNORE", " sessions, cache ,", "PRODGUARD_CAPTURE_STOPPED_AFTER_S", "2")));
        assertThat(c.massDelete()).isEqualTo(50);
        assertThat(c.wipeWindow()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.ignored()).containsExactlyInAnyOrder("sessions", "cache");
        assertThat(c.alertAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.timing().maxBackoff()).as("reconnects no slower than the alert threshold").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBadValueIsAConfigErrorNamingTheKeyWhenTheConfigurationLoads() {
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_WIPE_WINDOW_S", "ten")))
                .isInstanceOf(ProdguardException.class)
                .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG))
                .hasMessage("PRODGUARD_WIPE_WINDOW_S='ten' (from environment) is not a whole number; use a whole number"
                        + " from 1 to 86400 (s)");
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_WIPE_MASS_DELETE", "0")))
                .hasMessageContaining("PRODGUARD_WIPE_MASS_DELETE=0 (from environment) is out of range");
    }

    @Test
    void runRefusesABadValueWithExitCode3AndOneLine() {
        CliRun r = CliRun.run(Map.of("MONGO_URL", "mongodb://127.0.0.1:1/", "DB_NAME", "shop",
                "PRODGUARD_CAPTURE_STOPPED_AFTER_S", "-1", "PRODGUARD_REPO", dir.resolve("repo").toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, "run");
        assertThat(r.exitCode).isEqualTo(3);
        assertThat(r.err).contains("PRODGUARD_CAPTURE_STOPPED_AFTER_S=-1 (from environment) is out of range").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
