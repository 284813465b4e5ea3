package dev.prodguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configuration and exit-code tables of docs/configuration.md match the code; every relative link in the docs resolves. */
class DocsTruthTest {
    private static final Path CONFIGURATION = Path.of("docs/configuration.md");

    private static String configuration() throws IOException {
        return Files.readString(CONFIGURATION);
    }

    @Test
    void everySettingIsInTheConfigurationTableWithItsDefault() throws IOException {
        String doc = configuration();
        for (ConfigKey k : ConfigKey.values()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + k.envName() + "`")).findFirst().orElse(null);
            assertThat(row).as(CONFIGURATION + " row for " + k.envName()).isNotNull();
            if (k.defaultValue() != null) {
                assertThat(row).as("default of " + k.envName()).contains("`" + k.defaultValue() + "`");
            }
        }
    }

    @Test
    void everyBoundedSettingsRowStatesItsRange() throws IOException {
        String doc = configuration();
        for (ConfigKey k : ConfigKey.values()) {
            if (k.type() instanceof dev.prodguard.config.ValueType.Whole w) {
                String row = doc.lines().filter(l -> l.startsWith("| `" + k.envName() + "`")).findFirst().orElseThrow();
                assertThat(row).as("range of " + k.envName()).contains(w.min() + "-" + w.max());
            }
        }
    }

    @Test
    void everyExitCodeIsInTheExitCodeTable() throws IOException {
        String doc = configuration();
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(doc).as(CONFIGURATION + " exit code row for " + c)
                    .containsPattern("\\| " + c.exitCode() + " \\| `" + c.name() + "` \\|");
        }
    }

    @Test
    void readmeTestCommandIsWhatCiRuns() throws IOException {
        String ci = Files.readString(Path.of(".ci/run"));
        assertThat(ci).contains("mvn -B test");
        assertThat(Files.readString(Path.of("README.md"))).contains("mvn -B test");
    }

    @Test
    void everyRelativeLinkPointsToAnExistingFileAndHeading() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            broken.addAll(MarkdownLinks.broken(doc));
        }
        assertThat(docs).hasSizeGreaterThan(5);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void headingSlugsFollowGitHubsRule() {
        assertThat(MarkdownLinks.slug("Backups: `backup`, `list`, `export`")).isEqualTo("backups-backup-list-export");
        assertThat(MarkdownLinks.slug("Backups in object storage (S3)")).isEqualTo("backups-in-object-storage-s3");
        assertThat(MarkdownLinks.slug("The demo: `prodguard demo`")).isEqualTo("the-demo-prodguard-demo");
    }
}
