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

    /**
     * The banded distance the start-up check uses answers as the full table does, up to its bound: random names
     * over a small alphabet (so that swaps, repeats and near matches are common), every bound from 0 to 4.
     */
    @Test
    void theBandedDistanceAgreesWithTheFullTableUpToItsBound() {
        java.util.Random random = new java.util.Random(20261207);
        String alphabet = "ABR_";
        int checked = 0;
        int withinBound = 0;
        for (int round = 0; round < 20_000; round++) {
            String a = randomName(random, alphabet);
            String b = random.nextInt(3) == 0 ? a : randomName(random, alphabet);
            if (random.nextBoolean() && b.length() > 1) { // a swap of two neighbours, often one edit
                int i = random.nextInt(b.length() - 1);
                char[] c = b.toCharArray();
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                b = new String(c);
            }
            int full = NearMisses.distance(a, b);
            for (int max = 0; max <= 4; max++) {
                assertThat(NearMisses.distanceAtMost(a, b, max)).as("%s / %s at most %d (full %d)", a, b, max, full)
                        .isEqualTo(Math.min(full, max + 1));
                checked++;
                withinBound += full <= max ? 1 : 0;
            }
        }
        assertThat(withinBound).as("cases the bound does not cut").isGreaterThan(checked / 10).isLessThan(checked * 9 / 10);
        assertThat(NearMisses.distance("MONGO_ULR", "MONGO_URL")).isEqualTo(1);
        assertThat(NearMisses.distanceAtMost("MONGOULR", "MONGOURL", 0)).isEqualTo(1);
        assertThat(NearMisses.distanceAtMost("MONGOULR", "MONGOURL", 1)).isEqualTo(1);
    }

    private static String randomName(java.util.Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
