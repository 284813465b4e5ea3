package dev.prodguard.checklist;

import static dev.prodguard.checklist.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Secrets;
import dev.prodguard.scan.Baseline;
import dev.prodguard.scan.SecretScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No credentials in source or history, and .env ignored and untracked, over real git repositories built with JGit. */
class SourceItemsTest {
    @TempDir
    Path work;

    @TempDir
    Path src;

    private final String password = "Src-" + GitSource.secret(16);

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    private CheckContext ctx(Path source) {
        Map<String, String> env = Map.of("MONGO_URL", "mongodb+srv://coinhubx_app:" + password
                + "@cluster0.ab1cd.mongodb.net/", "DB_NAME", "coinhubx_production", "PRODUCTION", "true");
        return Fixtures.context(env, work, source, Clock.systemUTC());
    }

    @Test
    void aCleanRepositoryPassesBothItems() throws Exception {
        try (GitSource g = GitSource.cleanApp(src)) {
            ItemResult creds = run(new SourceSecretsItem(), ctx(src));
            assertThat(creds.status()).as(creds.toString()).isEqualTo(ItemStatus.PASS);
            assertThat(creds.detail()).contains("no new secrets in", "commits", "tracked files searched");
            ItemResult dotenv = run(new DotEnvItem(), ctx(src));
            assertThat(dotenv.status()).as(dotenv.toString()).isEqualTo(ItemStatus.PASS);
        }
    }

    @Test
    void aConnectionStringWithAPasswordInACurrentFileFails() throws Exception {
        String other = GitSource.secret(14);
        try (GitSource g = GitSource.cleanApp(src)) {
            g.write("config/db.js", "module.exports = 'mongodb+srv://admin:" + other + "@cluster9.zz1yy.mongodb.net/';\n")
                    .commit("hard-coded uri");
            ItemResult r = run(new SourceSecretsItem(), ctx(src));
            assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
            assertThat(r.detail()).contains("1 secret finding(s)");
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("mongodb-uri-credentials", "config/db.js:1"));
            assertThat(r.remedy()).contains("prodguard roles rotate");
            assertThat(r.toString()).doesNotContain(other);
        }
    }

    @Test
    void aCredentialOnlyInAFileDeletedLaterStillFails() throws Exception {
        String other = GitSource.secret(14);
        try (GitSource g = GitSource.cleanApp(src)) {
            g.write("old.py", "URI = \"mongodb://root:" + other + "@db.internal:27017/admin\"\n").commit("old");
            g.delete("old.py").commit("remove old");
            ItemResult r = run(new SourceSecretsItem(), ctx(src));
            assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("old.py", "history:"));
            assertThat(r.toString()).doesNotContain(other);
        }
    }

    @Test
    void theMongoUrlPasswordInATrackedFileFailsAndIsNeverShown() throws Exception {
        try (GitSource g = GitSource.cleanApp(src)) {
            // not a connection string and not an assignment: only the literal search can find it
            g.write("docs/handover.txt", "the production login is coinhubx_app with " + password + " for now\n")
                    .commit("handover notes");
            ItemResult r = run(new SourceSecretsItem(), ctx(src));
            assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.FAIL);
            assertThat(r.detail()).contains("1 tracked file(s) holding the MONGO_URL password");
            assertThat(r.notes()).contains("mongo-url-password  docs/handover.txt holds the MONGO_URL password");
            assertThat(r.remedy()).contains("rotate it now");
            assertThat(r.toString()).doesNotContain(password);
        }
    }

    @Test
    void theMongoUrlPasswordInTheIgnoredDotEnvIsWhereItBelongs() throws Exception {
        try (GitSource g = GitSource.cleanApp(src)) {
            g.write(".env", "MONGO_URL=mongodb+srv://coinhubx_app:" + password + "@cluster0.ab1cd.mongodb.net/\n");
            assertThat(run(new SourceSecretsItem(), ctx(src)).status()).isEqualTo(ItemStatus.PASS);
        }
    }

    @Test
    void findingsAcceptedByTheScanBaselinePass() throws Exception {
        String other = GitSource.secret(14);
        try (GitSource g = GitSource.cleanApp(src)) {
            g.write("fixtures/seed.js", "const u = 'mongodb://seed:" + other + "@localhost:27017/test';\n").commit("seed");
            assertThat(run(new SourceSecretsItem(), ctx(src)).status()).isEqualTo(ItemStatus.FAIL);
            Baseline.write(src.resolve(Baseline.DEFAULT_NAME), new SecretScanner().scan(src).findings());
            ItemResult r = run(new SourceSecretsItem(), ctx(src));
            assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.PASS);
            assertThat(r.detail()).contains("accepted by the baseline");
        }
    }

    @Test
    void dotEnvNotIgnoredFails() throws Exception {
        try (GitSource g = GitSource.cleanApp(src)) {
            Files.delete(src.resolve(".env")); // not there to be committed: only .gitignore is wrong
            g.write(".gitignore", "node_modules/\n").commit("drop .env from .gitignore");
            ItemResult r = run(new DotEnvItem(), ctx(src));
            assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
            assertThat(r.detail()).isEqualTo(".env is not listed in .gitignore");
            assertThat(r.remedy()).contains("add a line '.env' to .gitignore");
        }
    }

    @Test
    void dotEnvTrackedFailsEvenWhenListedInGitignore() throws Exception {
        try (GitSource g = GitSource.init(src)) {
            g.write("app.js", "x()\n").write(".env", "DB_NAME=coinhubx_production\n").commit("first, with .env");
            g.write(".gitignore", ".env\n").commit("ignore .env, too late: it stays tracked");
            ItemResult r = run(new DotEnvItem(), ctx(src));
            assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.FAIL);
            assertThat(r.detail()).contains(".env is tracked");
            assertThat(r.remedy()).contains("git rm --cached .env");
        }
    }

    @Test
    void aPlainDirectoryIsScannedWithoutHistoryAndTheDotEnvItemIsSkipped() throws Exception {
        Fixtures.write(src.resolve("app.js"), "const url = process.env.MONGO_URL;\n");
        Fixtures.write(src.resolve(".env"), "MONGO_URL=mongodb+srv://coinhubx_app:" + password + "@c.ab1cd.mongodb.net/\n");
        ItemResult dotenv = run(new DotEnvItem(), ctx(src));
        assertThat(dotenv.status()).isEqualTo(ItemStatus.SKIPPED);
        assertThat(dotenv.detail()).contains("not a git repository");
        ItemResult creds = run(new SourceSecretsItem(), ctx(src));
        assertThat(creds.detail()).contains("not a git repository: no history");

        Fixtures.write(src.resolve("notes.md"), "password: " + password + "\n");
        ItemResult leaked = run(new SourceSecretsItem(), ctx(src));
        assertThat(leaked.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(leaked.notes()).anySatisfy(n -> assertThat(n).contains("notes.md"));
    }

    @Test
    void aMissingSourceDirectoryFailsBothItemsWithTheFlagToUse() throws Exception {
        Path missing = src.resolve("nope");
        ItemResult r = run(new SourceSecretsItem(), ctx(missing));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.remedy()).contains("--source DIR");
        assertThat(run(new DotEnvItem(), ctx(missing)).status()).isEqualTo(ItemStatus.FAIL);
        assertThat(Files.exists(missing)).isFalse();
    }
}
