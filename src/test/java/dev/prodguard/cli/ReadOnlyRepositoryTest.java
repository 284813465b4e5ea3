package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.prodguard.repo.Storage;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.DatabaseState;
import dev.prodguard.testing.ReadOnlyStorage;
import dev.prodguard.testing.TestMongo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a read-only mount (here: a directory whose write bits were removed, as {@code chmod -R a-w}
 * does) serves {@code list}, {@code status}, {@code verify}, {@code export} and {@code restore}, and none of
 * them changes a byte of it. When the tests run as root, permission bits do not stop the process: then a
 * storage that refuses every write, as a read-only mount does, stands in (the test says so).
 */
class ReadOnlyRepositoryTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path repo;

    @AfterEach
    void writableAgain() throws IOException {
        if (repo != null) {
            setWritable(repo, true); // so that the temporary directory can be deleted
        }
    }

    @Test
    void readingCommandsAndRestoreWorkOnARepositoryNobodyCanWriteAndChangeNothingInIt() throws Exception {
        String db = TestMongo.uniqueDb("readonly");
        MongoDatabase src = mongo.client().getDatabase(db);
        src.getCollection("wallets").insertMany(List.of(new Document("_id", 1).append("owner", "a"),
                new Document("_id", 2).append("owner", "b")));
        src.getCollection("wallets").createIndex(Indexes.ascending("owner"), new IndexOptions().unique(true).name("owner_1"));
        repo = dir.resolve("repo");
        Map<String, String> env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", repo.toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        CliRun backup = CliRun.run(env, dir, "backup", "--json");
        assertThat(backup.exitCode).as(backup.toString()).isZero();
        String id = JSON.readTree(backup.out).path("snapshot").asText();
        setWritable(repo, false);
        List<ReadOnlyStorage> refusing = new ArrayList<>();
        UnaryOperator<Storage> view = s -> s;
        boolean root = stillWritable(repo);
        if (root) {
            System.out.println("ReadOnlyRepositoryTest runs as root: chmod does not stop root, so a storage that refuses"
                    + " every write (as a read-only mount does) stands in for the read-only directory");
            view = s -> {
                ReadOnlyStorage r = new ReadOnlyStorage(s);
                refusing.add(r);
                return r;
            };
        }
        Map<String, String> before = tree(repo);

        CliRun list = CliRun.run(env, dir, view, "list", "--json");
        assertThat(list.exitCode).as(list.toString()).isZero();
        assertThat(list.out).contains(id);

        CliRun status = CliRun.run(env, dir, view, "status");
        assertThat(status.exitCode).as(status.toString()).isZero();
        assertThat(status.out).contains("latest:     " + id);

        CliRun verify = CliRun.run(env, dir, view, "verify");
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        assertThat(verify.out).contains("all sound");

        CliRun export = CliRun.run(env, dir, view, "export", dir.resolve("dump").toString());
        assertThat(export.exitCode).as(export.toString()).isZero();
        assertThat(dir.resolve("dump").resolve(db).resolve("wallets.bson")).exists();

        CliRun restore = CliRun.run(env, dir, view, "restore", "--snapshot", "latest", "--target-db", db + "_copy");
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        assertThat(DatabaseState.of(mongo.client(), db + "_copy")).isEqualTo(DatabaseState.of(mongo.client(), db));

        // verify --restore keeps its record in the state directory when the repository cannot take it
        CliRun test = CliRun.run(env, dir, view, "verify", "--restore");
        assertThat(test.exitCode).as(test.toString()).isZero();
        assertThat(test.out).contains("PASSED");
        assertThat(test.all()).contains("could not be stored in the backup repository")
                .contains(dir.resolve("state").resolve("verify-last.json").toString());
        CliRun shown = CliRun.run(env, dir, view, "status", "--json");
        JsonNode last = JSON.readTree(shown.out).path("lastRestoreTest");
        assertThat(last.path("snapshotId").asText()).isEqualTo(id);
        assertThat(last.path("ok").asBoolean()).isTrue();

        // a forced restore needs its safety snapshot first: refused with nothing written, not half-done
        MongoDatabase live = mongo.client().getDatabase(db);
        live.getCollection("orders").insertOne(new Document("_id", "kept"));
        CliRun forced = CliRun.run(env, dir, view, "restore", "--snapshot", id, "--target-db", db, "--force");
        assertThat(forced.exitCode).as(forced.toString()).isEqualTo(9);
        assertThat(forced.err).contains("the safety snapshot of " + db + " could not be taken")
                .contains("nothing was written to " + db).doesNotContain("Exception");
        assertThat(live.listCollectionNames().into(new ArrayList<>())).containsExactlyInAnyOrder("wallets", "orders");

        assertThat(tree(repo)).as("the repository is byte for byte as the backup left it").isEqualTo(before);
        if (root) {
            List<String> attempted = new ArrayList<>();
            refusing.forEach(r -> attempted.addAll(r.attempts));
            assertThat(attempted).as("writes attempted: only verify's record and the refused safety snapshot's lock")
                    .containsExactly("records/verify/last.record", "locks/repo.lock");
        }
    }

    /** Relative path to size and modification time of every file and directory. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                out.put(root.relativize(p).toString(), (Files.isDirectory(p) ? "dir " : Files.size(p) + " ")
                        + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    /** chmod -R a-w (or u+w back). */
    private static void setWritable(Path root, boolean writable) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                if (writable) {
                    perms.add(PosixFilePermission.OWNER_WRITE);
                } else {
                    perms.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE));
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /** Whether this process can still create a file in the directory (root can, whatever the bits say). */
    private static boolean stillWritable(Path dir) {
        Path probe = dir.resolve(".write-probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
