package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings renamed to say their unit (and two settings of one behaviour merged) keep working under their old names. */
class RenamedSettingsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        Secrets.clearForTests();
    }

    @Test
    void anOldNameStillWorksWithAWarningNamingTheNewOne() {
        SettingsLoader loader = new SettingsLoader(Map.of("PRODGUARD_CAPTURE_ALERT_AFTER", "7", "PRODGUARD_WIPE_WINDOW", "4"),
                dir, dir);
        Settings s = loader.load();
        assertThat(s.longValue(ConfigKey.CAPTURE_STOPPED_AFTER)).isEqualTo(7);
        assertThat(s.longValue(ConfigKey.WIPE_WINDOW)).isEqualTo(4);
        assertThat(loader.warnings()).anyMatch(w -> w.startsWith("PRODGUARD_CAPTURE_ALERT_AFTER (the environment) is an old"
                + " name of PRODGUARD_CAPTURE_STOPPED_AFTER_S")).anyMatch(w -> w.contains("PRODGUARD_WIPE_WINDOW_S"));
    }

    @Test
    void theNewNameWinsWhenBothAreSetAndAnOldOneInDotEnvWorksToo() throws Exception {
        Files.writeString(dir.resolve(".env"), "PRODGUARD_CAPTURE_COMMIT_INTERVAL=250\n");
        SettingsLoader loader = new SettingsLoader(Map.of("PRODGUARD_CAPTURE_STOPPED_AFTER", "90",
                "PRODGUARD_CAPTURE_STOPPED_AFTER_S", "45"), dir, dir);
        Settings s = loader.load();
        assertThat(s.longValue(ConfigKey.CAPTURE_STOPPED_AFTER)).isEqualTo(45);
        assertThat(s.longValue(ConfigKey.CAPTURE_COMMIT_INTERVAL)).isEqualTo(250);
        assertThat(loader.warnings()).anyMatch(w -> w.contains("PRODGUARD_CAPTURE_STOPPED_AFTER (the environment)")
                && w.contains("is ignored")).anyMatch(w -> w.startsWith("PRODGUARD_CAPTURE_COMMIT_INTERVAL (.env)"))
                .noneMatch(w -> w.startsWith("unknown setting"));
    }

    @Test
    void anInvalidValueUnderAnOldNameNamesTheSettingItNowIs() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SettingsLoader(Map.of("PRODGUARD_WIPE_WINDOW", "ten"), dir,
                dir).load()).hasMessageContaining("PRODGUARD_WIPE_WINDOW_S").hasMessageContaining("from 1 to 86400");
    }
}
