package dev.prodguard.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prodguard scan} against fixture git repositories built here with JGit. */
class ScanCommandTest {
    @TempDir
    Path tmp;

    private final String uriPassword = GitFixture.secret(18);
    private final String deletedToken = GitFixture.secret(32);
    private final String envPassword = GitFixture.secret(20);
    private final String atlasPrivateKey = GitFixture.uuid();
    private final String serviceAccountSecret = "mdb_sa_sk_" + GitFixture.secret(40);

    private List<String> allSecrets() {
        return List.of(uriPassword, deletedToken, envPassword, atlasPrivateKey, serviceAccountSecret);
    }

    private static final String PLACEHOLDERS = String.join("\n",
            "# Setup",
            "MONGO_URL=mongodb+srv://<username>:<password>@<cluster>.mongodb.net/?retryWrites=true&w=majority",
            "Local: mongodb://user:pass@localhost:27017/coinhubx",
            "mongodb://admin:xxxxx@db.internal:27017",
            "password = \"${DB_PASSWORD}\"",
            "password: $MONGO_PASSWORD",
            "token = \"xxxxxxxxxxxxxxxx\"",
            "secret = \"****************\"",
            "DB_PASSWORD=YOUR_PASSWORD",
            "password=\"password\"",
            "ATLAS_PRIVATE_KEY=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "");

    /** A repository whose history holds a current secret, a deleted file's secret and a removed .env. */
    private GitFixture historyFixture() throws Exception {
        GitFixture repo = GitFixture.init(tmp.resolve("app"));
        repo.write("config/db.js", "// database\nconst uri = \"mongodb+srv://app:" + uriPassword
                        + "@cluster0.ab12c.mongodb.net/coinhubx?retryWrites=true\";\n")
                .write("old/settings.py", "DEBUG = False\nAPI_TOKEN = \"" + deletedToken + "\"\n")
                .write(".env", "MONGO_URL=mongodb://coinhubx:" + envPassword + "@db.example.net/coinhubx\nATLAS_PUBLIC_KEY=abcdefgh\n"
                        + "ATLAS_PRIVATE_KEY=" + atlasPrivateKey + "\n")
                .write("README.md", PLACEHOLDERS)
                .write(".env.example", "MONGO_URL=mongodb+srv://<username>:<password>@<cluster>.mongodb.net/\nDB_NAME=coinhubx\n");
        repo.commit("first version");
        repo.delete("old/settings.py").delete(".env")
                .write(".gitignore", "node_modules/\n.env\n")
                .write("deploy/atlas.yml", "client_id: mdb_sa_id_0123456789abcdef01234567\nclient_secret: " + serviceAccountSecret + "\n");
        repo.commit("remove settings and .env, add deploy config");
        return repo;
    }

    private static CliRun scan(Path dir, String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "scan";
        args[1] = dir.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return CliRun.run(Map.of(), dir.getParent(), args);
    }

    private void assertNoSecretIn(String text) {
        for (String s : allSecrets()) {
            assertThat(text).as("output must never contain a secret").doesNotContain(s);
        }
    }

    @Test
    void findsCurrentDeletedAndDotEnvSecretsInHistoryMaskedAndIgnoresPlaceholders() throws Exception {
        RevCommit first;
        try (GitFixture repo = historyFixture()) {
            first = repo.git.log().call().iterator().next().getParent(0);
        }
        String firstId = first.abbreviate(7).name();
        Path dir = tmp.resolve("app");

        CliRun run = scan(dir);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertNoSecretIn(run.all());
        assertThat(run.out)
                // a current file: in the working tree and in history since the first commit
                .containsPattern("mongodb-uri-credentials +config/db.js:2 \\(working tree\\) \\(history: " + firstId)
                .contains("secret: " + uriPassword.substring(0, 2) + "****")
                // a file deleted in a later commit
                .containsPattern("high-entropy-secret +old/settings.py:2 \\(history: " + firstId)
                // a .env committed then removed: its contents and the file itself
                .containsPattern("mongodb-uri-credentials +.env:1 \\(history: " + firstId)
                .containsPattern("atlas-api-private-key +.env:3 \\(history: " + firstId)
                .containsPattern("dotenv-in-history +.env \\(history: " + firstId)
                .containsPattern("atlas-service-account-secret +deploy/atlas.yml:2 \\(working tree\\) \\(history: ")
                // placeholders and the template are not reported; .env is ignored and no longer tracked
                .doesNotContain("README.md").doesNotContain(".env.example")
                .doesNotContain("dotenv-not-ignored").doesNotContain("dotenv-tracked")
                .contains("6 new finding(s)");
    }

    @Test
    void jsonOutputListsFindingsWithoutSecrets() throws Exception {
        historyFixture().close();
        CliRun run = scan(tmp.resolve("app"), "--json");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertNoSecretIn(run.all());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out);
        assertThat(json.path("new").asInt()).isEqualTo(6);
        assertThat(json.path("stats").path("commitsScanned").asInt()).isEqualTo(2);
        assertThat(json.path("findings").findValuesAsText("rule")).contains("dotenv-in-history", "high-entropy-secret");
    }

    @Test
    void baselineAcceptsKnownFindingsAndANewOneStillFails() throws Exception {
        Path dir = tmp.resolve("app");
        try (GitFixture repo = historyFixture()) {
            CliRun update = scan(dir, "--update-baseline");
            assertThat(update.exitCode).as(update.toString()).isZero();
            Path baseline = dir.resolve(Baseline.DEFAULT_NAME);
            String stored = Files.readString(baseline, StandardCharsets.UTF_8);
            assertNoSecretIn(stored);
            assertThat(stored).doesNotContain("****").contains("\"fingerprint\"");

            CliRun clean = scan(dir);
            assertThat(clean.exitCode).as(clean.toString()).isZero();
            assertThat(clean.out).contains("no new findings (6 accepted");

            String newSecret = GitFixture.secret(20);
            repo.write("src/payments.js", "const stripe = { apiKey: \"" + newSecret + "\" };\n");
            repo.commit("payments");
            CliRun again = scan(dir);
            assertThat(again.exitCode).as(again.toString()).isEqualTo(1);
            assertThat(again.all()).doesNotContain(newSecret);
            assertNoSecretIn(again.all());
            assertThat(again.out).contains("src/payments.js:1").contains("1 new finding(s), 6 accepted")
                    .doesNotContain("config/db.js");
        }
    }

    @Test
    void trackedAndUnignoredDotEnvAreFindingsOfTheirOwn() throws Exception {
        try (GitFixture repo = GitFixture.init(tmp.resolve("app"))) {
            repo.write(".env", "DB_NAME=coinhubx\nPRODUCTION=true\n").write("index.js", "console.log(1)\n");
            repo.commit("init");
        }
        CliRun run = scan(tmp.resolve("app"));
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("dotenv-not-ignored  .gitignore").contains("dotenv-tracked  .env")
                .contains("dotenv-in-history  .env");
    }

    @Test
    void ignoredUntrackedDotEnvIsWhereSecretsBelong() throws Exception {
        String pw = GitFixture.secret(20);
        try (GitFixture repo = GitFixture.init(tmp.resolve("app"))) {
            repo.write(".gitignore", ".env\n").write("index.js", "const url = process.env.MONGO_URL;\n");
            repo.commit("init");
            repo.write(".env", "MONGO_URL=mongodb+srv://app:" + pw + "@c0.ab12c.mongodb.net/coinhubx\n");
        }
        CliRun run = scan(tmp.resolve("app"));
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("✓ no new findings");
    }

    @Test
    void plainDirectoryBinaryAndLargeFilesAreSkipped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        String pw = GitFixture.secret(16);
        byte[] binary = ("\0\0mongodb://u:" + pw + "@h/db").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("image.png"), binary);
        Files.writeString(dir.resolve("big.txt"), "x".repeat((int) ContentReader.MAX_FILE_BYTES) + "\nmongodb://u:" + pw + "@h/db\n");
        Files.writeString(dir.resolve("app.properties"), "spring.data.mongodb.uri=mongodb://u:" + pw + "@h/db\n");
        CliRun run = scan(dir);
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.all()).doesNotContain(pw);
        assertThat(run.out).contains("not a git repository").contains("skipped 1 binary and 1 files over 1 MiB")
                .contains("app.properties:1").doesNotContain("image.png").doesNotContain("big.txt");
    }

    @Test
    void customBaselinePathAndABrokenBaselineIsAConfigError() throws Exception {
        historyFixture().close();
        Path dir = tmp.resolve("app");
        Path outside = tmp.resolve("ci").resolve("scan-baseline.json");
        assertThat(scan(dir, "--baseline", outside.toString(), "--update-baseline").exitCode).isZero();
        assertThat(Files.readString(outside)).contains("\"rule\" : \"dotenv-in-history\"");
        assertNoSecretIn(Files.readString(outside));
        assertThat(scan(dir, "--baseline", outside.toString()).exitCode).isZero();
        assertThat(scan(dir).exitCode).as("the default baseline does not exist").isEqualTo(1);

        Files.writeString(outside, "{ \"accepted\": [ { \"fingerprint\": \"abc\" } ] }");
        CliRun broken = scan(dir, "--baseline", outside.toString());
        assertThat(broken.exitCode).isEqualTo(3);
        assertThat(broken.err).contains("cannot read the scan baseline").contains("--update-baseline");
    }

    @Test
    void missingDirectoryIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), tmp, "scan", "nope");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("not a directory");
    }
}
