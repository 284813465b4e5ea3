package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every setting is validated when the configuration loads, whatever the command (issue 14 point 7, issue 16
 * point 3): an invalid guardian-only value stops {@code backup} too, with exit 3 naming the key and the range.
 */
class ConfigValidationTest {
    @TempDir
    Path dir;

    private Settings load(Map<String, String> env) {
        return new SettingsLoader(env, dir, dir.resolve("home")).load();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "PRODGUARD_WIPE_WINDOW_S|ten|from 1 to 86400",
        "PRODGUARD_WIPE_MASS_DELETE|0|from 1 to 1000000000",
        "PRODGUARD_CAPTURE_STOPPED_AFTER_S|-5|from 1 to 86400",
        "PRODGUARD_CAPTURE_LAG_ALERT_S|1.5|from 1 to 86400",
        "PRODGUARD_REPO_FREE_PCT|100|from 0 to 99",
        "PRODGUARD_REPO_FREE_MB|lots|from 0 to 100000000",
        "PRODGUARD_CAPTURE_EXPECTED|maybe|true or false",
        "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS|5|from 10 to 3600000",
        "PRODGUARD_HTTP_HOSTS|https://guardian.example.org/|not a host name",
        "PRODGUARD_ALERT_EMAIL|ops at example.org|not an email address"})
    void backupStopsOnAnInvalidGuardianOnlySettingNamingTheKeyAndTheRange(String key, String value, String accepted) {
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", "mongodb://127.0.0.1:1/", "DB_NAME", "shop",
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CONNECT_TIMEOUT_MS", "200"));
        env.put(key, value);
        CliRun r = CliRun.run(env, dir, "backup");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(ErrorCode.CONFIG.exitCode());
        assertThat(r.err).contains(key).contains(accepted);
        assertThat(r.err.strip().lines().count()).as("one line").isEqualTo(1);
        assertThat(dir.resolve("repo")).as("nothing written").doesNotExist();
    }

    @Test
    void secretValuesAreNeverEchoedInTheError() {
        String token = "short-secret";
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_API_TOKEN", token)))
                .isInstanceOf(ProdguardException.class)
                .hasMessageContaining("PRODGUARD_API_TOKEN").hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining(token);
        String hook = "ftp://hooks.example.org/T0KEN-9f8e7d";
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_WEBHOOK_URL", hook)))
                .hasMessageContaining("PRODGUARD_WEBHOOK_URL").hasMessageContaining("http")
                .hasMessageNotContaining("T0KEN-9f8e7d");
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_SMTP_URL", "mail.example.org:587")))
                .hasMessageContaining("PRODGUARD_SMTP_URL").hasMessageContaining("smtp://");
    }

    @Test
    void validValuesAreNormalisedAndReadTyped() {
        Settings s = load(Map.of("PRODGUARD_WIPE_WINDOW_S", " 30 ", "PRODGUARD_CAPTURE_EXPECTED", "Yes",
                "PRODGUARD_REPO_FREE_MB", "2048", "PRODGUARD_HTTP_HOSTS", "guardian.example.org, [::1]:9750",
                "PRODGUARD_ALERT_EMAIL", "ops@example.org, cto@example.org"));
        assertThat(s.longValue(ConfigKey.WIPE_WINDOW)).isEqualTo(30);
        assertThat(s.bool(ConfigKey.CAPTURE_EXPECTED)).isTrue();
        assertThat(s.longValue(ConfigKey.REPO_FREE_MB)).isEqualTo(2048);
        assertThat(s.longValue(ConfigKey.CAPTURE_LAG_ALERT)).as("default").isEqualTo(60);
    }

    @Test
    void everyKeyDeclaresItsTypeAndEveryBoundedKeyItsUnit() {
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(k.type()).as(k.envName()).isNotNull();
            if (k.defaultValue() != null) {
                assertThat(k.type().check(k.defaultValue())).as("default of " + k.envName() + " is valid").isNotNull();
            }
            if (k.type() instanceof ValueType.Whole w) {
                assertThat(w.unit()).as(k.envName()).isNotNull();
            }
        }
    }
}
