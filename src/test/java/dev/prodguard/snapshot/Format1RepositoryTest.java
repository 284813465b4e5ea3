package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.testing.Folders;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.verify.Problem;
import dev.prodguard.verify.RepositoryVerifier;
import dev.prodguard.verify.RestoreTestReport;
import dev.prodguard.verify.RestoreTester;
import dev.prodguard.verify.VerifyReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository written by prodguard before manifest format 2 (fixtures/repository-format1: a snapshot of
 * {@link #fill}'s database, SHA-256 content hashes, written by commit e6c0682's code) still lists, verifies,
 * restores and passes a restore test with this code, and a new backup into it writes format 2 beside it; a snapshot
 * of a format newer than this code knows is refused by name, not misread.
 */
class Format1RepositoryTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/repository-format1");
    private static final String SNAPSHOT = "20261207T181408.687Z-737b";

    @TempDir
    Path dir;
    Path repoDir;

    @BeforeEach
    void copyFixture() throws IOException {
        repoDir = dir.resolve("repo");
        Folders.copy(FIXTURE, repoDir);
    }

    @Test
    void aFormat1SnapshotVerifiesRestoresAndPassesItsRestoreTest() {
        String expectedDb = TestMongo.uniqueDb("f1src");
        MongoDatabase expected = mongo.client().getDatabase(expectedDb);
        fill(expected);
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            SnapshotManifest m = new SnapshotCatalog(repo).resolve(SNAPSHOT);
            assertThat(m.format()).isEqualTo(1);
            assertThat(m.collection("wallets").contentHash()).hasSize(64)
                    .isEqualTo(RestoreTester.hash(expected, "wallets", 1).hex())
                    .isNotEqualTo(RestoreTester.hash(expected, "wallets", 2).hex());

            VerifyReport report = new RepositoryVerifier(repo).verify(SNAPSHOT);
            assertThat(report.problems()).isEmpty();
            assertThat(report.documents()).isEqualTo(65);

            String target = TestMongo.uniqueDb("f1dst");
            new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                    .execute(RestorePlanner.forSnapshot(repo, SNAPSHOT, RestoreRequest.defaults().withTargetDb(target)));
            MongoDatabase restored = mongo.client().getDatabase(target);
            for (String name : List.of("wallets", "trades", "empty")) {
                assertThat(RawCompare.documents(restored, name)).as(name).isEqualTo(RawCompare.documents(expected, name));
                assertThat(RawCompare.indexes(restored, name)).as("indexes of " + name).isEqualTo(RawCompare.indexes(expected, name));
            }

            RestoreTestReport test = new RestoreTester(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                    .fallbackTo(dir.resolve("state")).run("exchange", SNAPSHOT, List.of());
            assertThat(test.collections()).extracting(RestoreTestReport.CollectionCheck::name)
                    .containsExactlyInAnyOrder("empty", "trades", "wallets");
            assertThat(test.ok()).as(test.verdict()).isTrue();

            // a new backup of the same data into the same repository is format 2, and both verify
            SnapshotResult next = new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults(), Clock.systemUTC())
                    .take(expectedDb, ProgressListener.NONE);
            SnapshotManifest m2 = new SnapshotCatalog(repo).resolve(next.id());
            assertThat(m2.format()).isEqualTo(2);
            assertThat(m2.collection("wallets").contentHash()).hasSize(32)
                    .isEqualTo(RestoreTester.hash(expected, "wallets", 2).hex());
            assertThat(new RepositoryVerifier(repo).verify(null).problems()).isEmpty();
        }
    }

    @Test
    void aFormat1ContentHashThatDiffersIsReported() throws Exception {
        Path manifest = repoDir.resolve("manifests/snapshot/" + SNAPSHOT + ".manifest");
        String wrong = "1".repeat(64);
        rewriteEnvelope(manifest, "75ab43a194733bbcd2b3f9d50ef22dd7e0c5afbf7c361960b3691c05afdb3635", wrong);
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            VerifyReport report = new RepositoryVerifier(repo).verify(SNAPSHOT);
            assertThat(report.problems()).extracting(Problem::message).singleElement().asString()
                    .contains("collection wallets content hash 75ab43a1").contains(wrong);
        }
    }

    @Test
    void aSnapshotOfANewerFormatIsRefusedNotMisread() throws Exception {
        rewriteEnvelope(repoDir.resolve("manifests/snapshot/" + SNAPSHOT + ".manifest"), "\"format\" : 1,", "\"format\" : 3,");
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            assertThatThrownBy(() -> new SnapshotCatalog(repo).load(SNAPSHOT))
                    .isInstanceOfSatisfying(ProdguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY))
                    .hasMessage("snapshot " + SNAPSHOT + " was written in manifest format 3 but this prodguard reads up to 2;"
                            + " upgrade prodguard");
            VerifyReport report = new RepositoryVerifier(repo).verify(null);
            assertThat(report.problems()).extracting(Problem::message).singleElement().asString()
                    .contains("manifest format 3").contains("upgrade prodguard");
        }
    }

    /** Replaces text in a plain manifest's body and writes its envelope header anew (hash and length). */
    private static void rewriteEnvelope(Path file, String from, String to) throws Exception {
        String all = Files.readString(file, StandardCharsets.UTF_8);
        int nl = all.indexOf('\n');
        String body = all.substring(nl + 1);
        assertThat(body).contains(from);
        byte[] newBody = body.replace(from, to).getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(newBody));
        Files.writeString(file, "prodguard-envelope 1 plain " + sha + " " + newBody.length + "\n" + new String(newBody, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
    }

    /** The data of the fixture's snapshot (database "exchange"), exactly as the fixture's writer inserted it. */
    static void fill(MongoDatabase db) {
        for (int i = 0; i < 40; i++) {
            db.getCollection("wallets").insertOne(new Document("_id", i).append("user", "user" + i)
                    .append("asset", i % 2 == 0 ? "BTC" : "ETH").append("balance", new Decimal128(new BigDecimal(i + ".125"))));
        }
        for (int i = 0; i < 25; i++) {
            db.getCollection("trades").insertOne(new Document("_id", "t" + i).append("wallet", i % 40).append("qty", i * 3)
                    .append("tags", List.of("a", "b" + i)));
        }
        db.getCollection("wallets").createIndex(Indexes.ascending("user"), new IndexOptions().unique(true).name("user_1"));
        db.getCollection("trades").createIndex(Indexes.descending("wallet", "qty"));
        db.createCollection("empty");
    }

}
