package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A variable that is almost a known one (MONGO_URI for MONGO_URL) gets a warning naming the known one, from the
 * environment and from .env, whether the known one is unset or also set (then saying which wins); unrelated
 * variables of the environment never do (issue 13 point 7).
 */
class DidYouMeanTest {
    @TempDir
    Path dir;

    private List<String> warnings(Map<String, String> env) {
        SettingsLoader loader = new SettingsLoader(env, dir, dir.resolve("home"));
        loader.load();
        return loader.warnings();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MONGO_URI,MONGO_URL", "MONGO_ULR,MONGO_URL", "MONGOURL,MONGO_URL", "mongo_url,MONGO_URL",
        "MONGODB_URI,MONGO_URL", "DBNAME,DB_NAME", "DB-NAME,DB_NAME", "DB_NAMES,DB_NAME", "DATABASE_NAME,DB_NAME",
        "PRODGUARD_REOP,PRODGUARD_REPO", "PRODUCTON,PRODUCTION", "PRODGUARD_REPOKEY,PRODGUARD_REPO_KEY"})
    void aNearMissInTheEnvironmentNamesTheKnownVariable(String typo, String known) {
        String value = known.equals("MONGO_URL") ? "mongodb://db.example.com:27017/" : "shop";
        List<String> w = warnings(Map.of(typo, value));
        assertThat(w).singleElement().asString().contains(typo).contains("did you mean " + known + "?")
                .contains(known + " is not set");
    }

    @Test
    void aNearMissInDotEnvIsReportedWithItsFile() throws IOException {
        Files.writeString(dir.resolve(".env"), "MONGO_URI=mongodb://db.example.com/\nDBNAME=shop\n");
        List<String> w = warnings(Map.of());
        assertThat(w).hasSize(2);
        assertThat(w).anySatisfy(x -> assertThat(x).contains("MONGO_URI (in .env)").contains("did you mean MONGO_URL?"));
        assertThat(w).anySatisfy(x -> assertThat(x).contains("DBNAME (in .env)").contains("did you mean DB_NAME?"));
    }

    @Test
    void whenTheKnownOneIsAlsoSetTheWarningSaysWhichWins() throws IOException {
        Files.writeString(dir.resolve(".env"), "MONGO_URI=mongodb://old.example.com/\n");
        List<String> w = warnings(Map.of("MONGO_URL", "mongodb://db.example.com/"));
        assertThat(w).singleElement().asString().contains("MONGO_URI (in .env)")
                .contains("prodguard uses MONGO_URL (from the environment) and ignores MONGO_URI");
    }

    @Test
    void aNearMissKeyInProdguardYmlNamesTheKnownKey() throws IOException {
        Files.writeString(dir.resolve("prodguard.yml"), "dbname: shop\nparalelism: 2\n");
        List<String> w = warnings(Map.of());
        assertThat(w).anySatisfy(x -> assertThat(x).contains("'dbname'").contains("did you mean db_name?"));
        assertThat(w).anySatisfy(x -> assertThat(x).contains("'paralelism'").contains("did you mean parallelism?"));
    }

    @Test
    void unrelatedVariablesOfTheEnvironmentNeverWarn() {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "USER", "SHELL", "PWD", "LANG", "TERM", "HOSTNAME", "JAVA_HOME",
                "MAVEN_OPTS", "DB_HOST", "DB_USER", "DB_PORT", "DB_PASSWORD", "MONGO_USER", "MONGO_PASSWORD", "MONGO_HOST",
                "NODE_ENV", "PORT", "REDIS_URL", "PROD", "OLDPWD", "LOGNAME", "EDITOR", "TZ", "CI", "DEBUG",
                // the launcher's own (./prodguard), never settings
                "PRODGUARD_JAVA_OPTS", "PRODGUARD_LAUNCHER_PRINT")) {
            env.put(name, "x");
        }
        env.put("DATABASE_URL", "postgres://localhost/app"); // another database's variable, not a Mongo URI
        env.put("MONGO_URL", "mongodb://db.example.com/");
        env.put("DB_NAME", "shop");
        assertThat(warnings(env)).isEmpty();
    }
}
