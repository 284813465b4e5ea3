package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 point 4: the descriptor of an encrypted repository cannot be edited to turn encryption
 * off (prodguard never advises unsetting the key then, and never writes plain text beside
 * encrypted items), and weak passphrases cannot create a repository.
 */
class DescriptorTamperingTest {
    private static final String KEY = "Tamper-Proof-Passphrase-5521";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private Path repoDir() {
        return dir.resolve("repo");
    }

    /** An encrypted repository holding one object and one manifest, as a backup leaves it. */
    private void encryptedRepositoryWithData() throws IOException {
        try (Repository repo = Repository.openOrCreate(new FileStorage(repoDir()), KEY.toCharArray(),
                RepositoryRoundTripTest.SMALL)) {
            ObjectRef ref = RepositoryRoundTripTest.write(repo, "secret balances".getBytes());
            repo.writeManifest("snapshot", "s1", ("{\"object\":\"" + ref.key() + "\"}").getBytes());
        }
    }

    private void editDescriptor(Consumer<ObjectNode> edit) throws IOException {
        Path f = repoDir().resolve(RepositoryDescriptor.KEY);
        ObjectNode root = (ObjectNode) JSON.readTree(f.toFile());
        edit.accept(root);
        Files.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private static ProdguardException refusal(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).isInstanceOf(ProdguardException.class);
        return (ProdguardException) t;
    }

    private List<String> plainObjects() throws IOException {
        try (Stream<Path> files = Files.walk(repoDir())) {
            return files.map(Path::toString).filter(p -> p.endsWith(".zst")).toList();
        }
    }

    @ParameterizedTest(name = "[{index}] MAC removed too: {0}")
    @ValueSource(booleans = {false, true})
    void encryptionSetToNullIsRefusedWithOrWithoutTheKeyAndNothingIsWrittenInPlainText(boolean dropMac) throws Exception {
        encryptedRepositoryWithData();
        editDescriptor(root -> {
            root.putNull("encryption");
            if (dropMac) {
                root.remove("mac");
            }
        });
        for (char[] key : new char[][] {KEY.toCharArray(), null}) {
            ProdguardException open = refusal(() -> Repository.open(new FileStorage(repoDir()), key));
            ProdguardException create = refusal(() -> Repository.openOrCreate(new FileStorage(repoDir()), key));
            for (ProdguardException e : List.of(open, create)) {
                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.REPOSITORY);
                assertThat(e.getMessage()).contains("was altered").contains("Keep PRODGUARD_REPO_KEY set")
                        .doesNotContain("unset PRODGUARD_REPO_KEY");
            }
        }
        assertThat(plainObjects()).isEmpty();
    }

    @Test
    void theBackupCommandRefusesATamperedRepositoryWithAndWithoutTheKey() throws Exception {
        String db = TestMongo.uniqueDb("tamper");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("_id", 1).append("balance", 7));
        Map<String, String> env = new java.util.HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_REPO", repoDir().toString(), "PRODGUARD_REPO_KEY", KEY));
        assertThat(CliRun.run(env, dir, "backup").exitCode).isZero();
        editDescriptor(root -> {
            root.putNull("encryption");
            root.remove("mac");
        });
        CliRun withKey = CliRun.run(env, dir, "backup");
        env.remove("PRODGUARD_REPO_KEY");
        CliRun withoutKey = CliRun.run(env, dir, "backup");
        for (CliRun r : List.of(withKey, withoutKey)) {
            assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
            assertThat(r.err).contains("was altered").doesNotContain("unset PRODGUARD_REPO_KEY");
        }
        assertThat(plainObjects()).isEmpty();
    }

    @Test
    void anyOtherEditOfAnAuthenticatedDescriptorIsRefused() throws Exception {
        encryptedRepositoryWithData();
        editDescriptor(root -> ((ObjectNode) root.get("compression")).put("level", 19));
        ProdguardException e = refusal(() -> Repository.open(new FileStorage(repoDir()), KEY.toCharArray()));
        assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
        assertThat(e.getMessage()).contains("was altered").contains("authentication code");
    }

    @Test
    void anOldDescriptorWithoutACodeIsReadableAndTheNextWriterAddsOne() throws Exception {
        encryptedRepositoryWithData();
        editDescriptor(root -> root.remove("mac"));
        Repository.open(new FileStorage(repoDir()), KEY.toCharArray()).close();
        assertThat(JSON.readTree(repoDir().resolve(RepositoryDescriptor.KEY).toFile()).has("mac")).isFalse();
        Repository.openOrCreate(new FileStorage(repoDir()), KEY.toCharArray()).close();
        assertThat(JSON.readTree(repoDir().resolve(RepositoryDescriptor.KEY).toFile()).path("mac").asText()).hasSize(44);
        editDescriptor(root -> root.put("id", "someone-else"));
        assertThat(refusal(() -> Repository.open(new FileStorage(repoDir()), KEY.toCharArray())).getMessage())
                .contains("was altered");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"aaaaaaaa", "aaaaaaaaaaaaaaaa", "abababababababab", "password1234", "Password123!Password",
        "abcdefghijklmnop", "1234567890123", "Zq9!x"})
    void weakPassphrasesCannotCreateARepository(String weak) {
        ProdguardException e = refusal(() -> Repository.openOrCreate(new FileStorage(repoDir()), weak.toCharArray(),
                RepositoryRoundTripTest.SMALL));
        assertThat(e.code()).isEqualTo(ErrorCode.KEY);
        assertThat(e.getMessage()).contains("PRODGUARD_REPO_KEY is too weak").doesNotContain(weak);
        assertThat(repoDir().resolve(RepositoryDescriptor.KEY)).doesNotExist();
    }

    @Test
    void eachRefusalNamesItsRule() {
        Map<String, String> rules = Map.of("aaaaaaaa", "shorter than 12 characters",
                "aaaaaaaaaaaaaaaa", "repeats one character or a short pattern",
                "Password123!Password", "common password", "ghijklmnopqrstuv", "too predictable");
        rules.forEach((weak, rule) -> assertThat(refusal(() -> Repository.openOrCreate(new FileStorage(repoDir()),
                weak.toCharArray(), RepositoryRoundTripTest.SMALL)).getMessage()).as(weak).contains(rule));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {KEY, "correct horse battery", "vT9#qL2m!Xw7zR4p", "process test passphrase"})
    void strongPassphrasesCreateOne(String strong) {
        Repository.openOrCreate(new FileStorage(repoDir()), strong.toCharArray(), RepositoryRoundTripTest.SMALL).close();
        assertThat(repoDir().resolve(RepositoryDescriptor.KEY)).exists();
    }
}
