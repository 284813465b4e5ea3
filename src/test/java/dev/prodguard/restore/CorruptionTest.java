package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A flipped byte, a truncated object or a deleted one: verify names it, restore refuses and writes nothing. */
class CorruptionTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    enum Damage { FLIP_BYTE, TRUNCATE, DELETE }

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static String db;
    private static Path template;
    private Path repoDir;

    /** One database and one snapshot for the class; each test damages its own copy of the repository. */
    @BeforeAll
    static void backupOnce() {
        db = TestMongo.uniqueDb("corrupt");
        template = shared.resolve("repo");
        MongoDatabase d = mongo.client().getDatabase(db);
        Random r = new Random(7);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            byte[] pad = new byte[200];
            r.nextBytes(pad);
            docs.add(new Document("_id", i).append("pad", pad));
        }
        d.getCollection("trades").insertMany(docs);
        d.getCollection("users").insertOne(new Document("_id", "u1"));
        try (Repository repo = Repository.openOrCreate(new FileStorage(template), null)) {
            new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults().withMaxObjectRawBytes(64 * 1024),
                    Clock.systemUTC()).take(db, ProgressListener.NONE);
        }
    }

    @BeforeEach
    void copyRepository() throws Exception {
        repoDir = dir.resolve("repo");
        dev.prodguard.testing.Folders.copy(template, repoDir);
    }

    private ObjectRef damageOneObject(Damage damage, int index) throws Exception {
        ObjectRef ref;
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            SnapshotManifest m = new SnapshotCatalog(repo).resolve("latest");
            List<ObjectRef> objects = m.collection("trades").objects();
            assertThat(objects.size()).isGreaterThan(index + 1);
            ref = objects.get(index);
        }
        Path file = repoDir.resolve(ref.key());
        assertThat(file).exists();
        switch (damage) {
            case FLIP_BYTE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    long pos = new Random(index).nextLong(f.length());
                    f.seek(pos);
                    int b = f.read();
                    f.seek(pos);
                    f.write(b ^ 0x01);
                }
            }
            case TRUNCATE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(f.length() / 2);
                }
            }
            case DELETE -> Files.delete(file);
        }
        return ref;
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void verifyNamesTheObjectAndRestoreRefusesWritingNothing(Damage damage) throws Exception {
        ObjectRef bad = damageOneObject(damage, 1);
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", repoDir.toString());

        CliRun verify = CliRun.run(env, dir, "verify");
        assertThat(verify.exitCode).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out).contains("verify FAILED").contains(bad.key());

        String target = TestMongo.uniqueDb("corrupt_r");
        CliRun restore = CliRun.run(env, dir, "restore", "--snapshot", "latest", "--target-db", target);
        assertThat(restore.exitCode).as(restore.toString()).isEqualTo(ErrorCode.REPOSITORY.exitCode());
        assertThat(restore.err).contains(bad.key()).contains("nothing was written").doesNotContain("\tat ");
        assertThat(mongo.client().listDatabaseNames().into(new ArrayList<>())).doesNotContain(target);
    }

    /**
     * The pre-check's first objects are checked by one thread alone, the rest by the restore's workers: a damaged object
     * among the first ones and one after them both refuse the restore before anything is written.
     */
    @ParameterizedTest
    @EnumSource(Damage.class)
    void thePrecheckFindsADamagedObjectAmongTheFirstOnesAndAfterThem(Damage damage) throws Exception {
        ObjectRef bad = damageOneObject(damage, 3);
        for (long lead : new long[] {1, RestoreExecutor.LEAD_BYTES}) { // the first object alone, or every object
            String target = TestMongo.uniqueDb("corrupt_l");
            try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
                RestorePlan plan = RestorePlanner.forSnapshot(repo, "latest", RestoreRequest.defaults().withTargetDb(target));
                assertThat(plan.objects().indexOf(bad)).as("the damaged object comes after the first").isGreaterThan(0);
                RestoreExecutor ex = new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                        .precheckLead(lead);
                assertThatThrownBy(() -> ex.execute(plan))
                        .isInstanceOfSatisfying(ProdguardException.class, e -> {
                            assertThat(e.code()).as("lead %d", lead).isEqualTo(ErrorCode.REPOSITORY);
                            assertThat(e.getMessage()).contains(bad.key()).contains("nothing was written to " + target);
                        });
            }
            assertThat(mongo.client().listDatabaseNames().into(new ArrayList<>())).as("lead %d", lead).doesNotContain(target);
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void withoutThePrecheckTheRestoreStopsAndSaysWhatItWrote(Damage damage) throws Exception {
        ObjectRef bad = damageOneObject(damage, 2);
        String target = TestMongo.uniqueDb("corrupt_p");
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            RestorePlan plan = RestorePlanner.forSnapshot(repo, "latest", RestoreRequest.defaults().withTargetDb(target)
                    .withForce(false));
            RestoreExecutor ex = new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults().withPrecheck(false),
                    Clock.systemUTC());
            assertThatThrownBy(() -> ex.execute(plan))
                    .isInstanceOfSatisfying(ProdguardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
                        assertThat(e.getMessage()).contains(bad.key()).contains("restore into " + target + " stopped")
                                .containsPattern("PARTIAL data \\(\\d+ document\\(s\\) in .*trades");
                    });
        }
    }
}
