package dev.prodguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration and exit-code tables must match the code they document. */
class DocsTruthTest {
    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void everySettingIsInTheConfigurationTableWithItsDefault() throws IOException {
        String readme = readme();
        for (ConfigKey k : ConfigKey.values()) {
            String row = readme.lines().filter(l -> l.startsWith("| `" + k.envName() + "`")).findFirst().orElse(null);
            assertThat(row).as("README row for " + k.envName()).isNotNull();
            if (k.defaultValue() != null) {
                assertThat(row).as("default of " + k.envName()).contains("`" + k.defaultValue() + "`");
            }
        }
    }

    @Test
    void everyBoundedSettingsRowStatesItsRange() throws IOException {
        String readme = readme();
        for (ConfigKey k : ConfigKey.values()) {
            if (k.type() instanceof dev.prodguard.config.ValueType.Whole w) {
                String row = readme.lines().filter(l -> l.startsWith("| `" + k.envName() + "`")).findFirst().orElseThrow();
                assertThat(row).as("range of " + k.envName()).contains(w.min() + "-" + w.max());
            }
        }
    }

    @Test
    void everyExitCodeIsInTheExitCodeTable() throws IOException {
        String readme = readme();
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(readme).as("README exit code row for " + c)
                    .containsPattern("\\| " + c.exitCode() + " \\| `" + c.name() + "` \\|");
        }
    }

    @Test
    void readmeTestCommandIsWhatCiRuns() throws IOException {
        String ci = Files.readString(Path.of(".ci/run"));
        assertThat(ci).contains("mvn -B test");
        assertThat(readme()).contains("mvn -B test");
    }
}
