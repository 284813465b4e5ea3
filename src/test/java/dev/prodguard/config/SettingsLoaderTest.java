package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private Settings load(Map<String, String> env) {
        return new SettingsLoader(env, dir, dir.resolve("home")).load();
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "Yes,true", "false,false", "0,false", "no,false",
        "NO,false", "' false ',false"})
    void productionAcceptsTheDocumentedBooleans(String value, boolean expected) {
        assertThat(load(Map.of("PRODUCTION", value)).production()).isEqualTo(expected);
    }

    @Test
    void productionMaybeIsAnErrorNamingTheVariableAndValue() {
        assertThatThrownBy(() -> load(Map.of("PRODUCTION", "maybe")))
                .isInstanceOf(ProdguardException.class)
                .hasMessageContaining("PRODUCTION='maybe'")
                .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
    }

    @Test
    void precedenceIsEnvironmentThenDotEnvThenYamlThenDefault() throws IOException {
        Files.writeString(dir.resolve(".env"), "# comment\nexport DB_NAME=from_dotenv\nPRODGUARD_PARALLELISM=\"6\"\n"
                + "PRODGUARD_REPO=/from/dotenv # trailing comment\n");
        Files.writeString(dir.resolve("prodguard.yml"), "db_name: from_yaml\nparallelism: 7\nconnect_timeout_ms: 1500\n");
        Settings s = load(Map.of("PRODGUARD_REPO", "/from/env"));
        assertThat(s.get(ConfigKey.REPO)).contains("/from/env");
        assertThat(s.origin(ConfigKey.REPO)).isEqualTo("environment");
        assertThat(s.dbName()).isEqualTo("from_dotenv");
        assertThat(s.origin(ConfigKey.DB_NAME)).isEqualTo(".env");
        assertThat(s.intValue(ConfigKey.PARALLELISM)).isEqualTo(6);
        assertThat(s.intValue(ConfigKey.CONNECT_TIMEOUT_MS)).isEqualTo(1500);
        assertThat(s.origin(ConfigKey.CONNECT_TIMEOUT_MS)).isEqualTo("prodguard.yml");
        assertThat(s.get(ConfigKey.HTTP_PORT)).contains("9750");
        assertThat(s.origin(ConfigKey.HTTP_PORT)).isEqualTo("default");
    }

    @Test
    void dbNameFallsBackToTheUriPath() {
        assertThat(load(Map.of("MONGO_URL", "mongodb://h.example.com/shopdb")).dbName()).isEqualTo("shopdb");
        assertThatThrownBy(() -> load(Map.of("MONGO_URL", "mongodb://h.example.com/")).dbName())
                .hasMessageContaining("DB_NAME is not set");
    }

    @Test
    void pathsExpandHomeAndResolveAgainstWorkDir() {
        Settings s = load(Map.of("PRODGUARD_REPO", "~/backups", "PRODGUARD_STATE_DIR", "state"));
        assertThat(s.path(ConfigKey.REPO)).isEqualTo(dir.resolve("home").resolve("backups"));
        assertThat(s.path(ConfigKey.STATE_DIR)).isEqualTo(dir.resolve("state"));
    }

    @Test
    void outOfRangeAndNonNumericValuesNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_PARALLELISM", "0"))).hasMessageContaining("PRODGUARD_PARALLELISM=0");
        assertThatThrownBy(() -> load(Map.of("PRODGUARD_HTTP_PORT", "http"))).hasMessageContaining("PRODGUARD_HTTP_PORT='http'");
    }

    @Test
    void invalidDatabaseNamesAreRejected() {
        assertThatThrownBy(() -> load(Map.of("DB_NAME", "my db"))).hasMessageContaining("DB_NAME");
        assertThatThrownBy(() -> load(Map.of("DB_NAME", "a.b"))).hasMessageContaining("'.'");
    }

    @Test
    void unknownSettingsWarnWithASuggestion() {
        SettingsLoader loader = new SettingsLoader(Map.of("PRODGUARD_REPOO", "x"), dir, dir);
        loader.load();
        assertThat(loader.warnings()).singleElement().asString().contains("did you mean PRODGUARD_REPO?");
    }

    @Test
    void secretsInYamlWarnAndAreRegisteredForScrubbing() throws IOException {
        Files.writeString(dir.resolve("prodguard.yml"), "repo_key: correct-horse-battery-staple\n");
        SettingsLoader loader = new SettingsLoader(Map.of(), dir, dir);
        Settings s = loader.load();
        assertThat(loader.warnings()).anySatisfy(w -> assertThat(w).contains("repo_key, a secret"));
        assertThat(Secrets.scrub("key is correct-horse-battery-staple")).isEqualTo("key is ****");
        assertThat(s.toString()).doesNotContain("correct-horse-battery-staple");
    }

    @Test
    void invalidYamlAndNonUtf8DotEnvAreOneLineErrors() throws IOException {
        Files.writeString(dir.resolve("prodguard.yml"), "db_name: [unclosed\n");
        assertThatThrownBy(() -> load(Map.of())).hasMessageStartingWith("prodguard.yml is not valid YAML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Files.delete(dir.resolve("prodguard.yml"));
        Files.write(dir.resolve(".env"), "DB_NAME=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> load(Map.of())).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void toStringNeverShowsSecrets() {
        Settings s = load(Map.of("MONGO_URL", "mongodb://u:TopSecret99@h.example.com/", "PRODGUARD_REPO_KEY", "k3y-k3y-k3y"));
        assertThat(s.toString()).doesNotContain("TopSecret99").doesNotContain("k3y-k3y-k3y").contains("u:****@");
    }
}
