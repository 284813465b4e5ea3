package dev.prodguard.retention;

import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code prodguard prune} in-process: the plan printed, --dry-run deletes nothing, --json, exit codes. */
class PruneCommandTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Map<String, String> env;
    private final MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(40)));

    @BeforeEach
    void threeBackups() throws Exception {
        String db = TestMongo.uniqueDb("prunecli");
        env = Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO", dir.resolve("repo").toString());
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("_id", 1));
        for (int daysAgo : new int[] {40, 20, 1}) {
            clock.set(NOW.minus(Duration.ofDays(daysAgo)));
            CliRun b = CliRun.run(env, dir, clock, "backup");
            assertThat(b.exitCode).as(b.toString()).isZero();
        }
        Files.writeString(dir.resolve("prodguard.yml"), "retention:\n  changes: 2d\n  daily: 10d\n  weekly: 0d\n  newest: 1\n");
        clock.set(NOW);
    }

    @Test
    void dryRunPrintsThePlanAndDeletesNothing() {
        CliRun r = CliRun.run(env, dir, clock, "prune", "--dry-run");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("policy: changes 2d, daily 10d, weekly 0d, newest 1, orphan grace 1d")
                .containsPattern("DELETE snapshot \\S+ \\(prunecli\\S+, [^)]+\\): not among the newest 1")
                .containsPattern("KEEP   snapshot \\S+ .*the newest snapshot \\(never deleted\\)")
                .contains("dry run: nothing deleted; prune would delete 2 snapshot(s), 0 segment(s), 0 unreferenced object(s)");
        CliRun list = CliRun.run(env, dir, clock, "list", "--json");
        assertThat(list.out.split("\"id\"", -1)).hasSize(4); // still three snapshots
    }

    @Test
    void pruneDeletesAndVerifyStillPasses() throws Exception {
        CliRun r = CliRun.run(env, dir, clock, "prune", "--json");
        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode o = JSON.readTree(r.out);
        assertThat(o.path("applied").asBoolean()).isTrue();
        assertThat(o.path("manifestsDeleted").asInt()).isEqualTo(2);
        assertThat(o.path("bytesFreed").asLong()).isPositive();
        assertThat(o.path("items")).hasSize(3);
        assertThat(o.path("items").get(2).path("action").asText()).isEqualTo("keep");
        CliRun v = CliRun.run(env, dir, clock, "verify");
        assertThat(v.exitCode).as(v.toString()).isZero();
        assertThat(v.out).contains("verified 1 snapshot(s)");
        CliRun again = CliRun.run(env, dir, clock, "prune");
        assertThat(again.out).contains("pruned 0 snapshot(s), 0 segment(s), 0 unreferenced object(s)");
    }

    @Test
    void badPolicyIsAConfigErrorAndUnwiseOneWarns() throws Exception {
        Files.writeString(dir.resolve("prodguard.yml"), "retention:\n  newest: 0\n");
        CliRun bad = CliRun.run(env, dir, clock, "prune", "--dry-run");
        assertThat(bad.exitCode).isEqualTo(3);
        assertThat(bad.err).contains("retention.newest must be a whole number of at least 1").doesNotContain("Exception");
        Files.writeString(dir.resolve("prodguard.yml"), "retention:\n  changes: 6h\n");
        CliRun unwise = CliRun.run(env, dir, clock, "prune", "--dry-run");
        assertThat(unwise.exitCode).isZero();
        assertThat(unwise.err).contains("warning: prodguard.yml retention.changes is 6h");
    }

    @Test
    void lockedWhileABackupRuns() throws Exception {
        try (dev.prodguard.repo.Repository repo = dev.prodguard.repo.Repository.open(
                new dev.prodguard.repo.FileStorage(dir.resolve("repo")), null);
                dev.prodguard.repo.OperationLock held = repo.lock("repo", "backup", Duration.ofMinutes(5), java.time.Clock.systemUTC())) {
            CliRun r = CliRun.run(env, dir, clock, "prune");
            assertThat(r.exitCode).as(r.toString()).isEqualTo(8);
            assertThat(r.err).contains("backup");
        }
    }

    @Test
    void noRepositoryIsARepositoryError() {
        CliRun r = CliRun.run(Map.of("PRODGUARD_REPO", dir.resolve("none").toString()), dir, clock, "prune");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
    }

    @Test
    void interruptedWritesArePrunedOnceOlderThanTheOrphanGraceAndReportedInADryRunToo() throws Exception {
        Path repo = dir.resolve("repo");
        // what FileStorage leaves when a process dies mid-write: a temp file beside the target
        Path old = Files.createDirectories(repo.resolve("data/snapshots/20261120T100000.000Z-ab12"))
                .resolve(".tmp-0a1b2c3d4e5f60718293a4b5.zst-0123456789ab");
        Path oldLock = repo.resolve("locks/.tmp-repo.lock-a1b2c3d4e5f6");
        Path young = repo.resolve("manifests/snapshot/.tmp-20261125T093000.000Z-cd34.manifest-abcdefabcdef");
        Files.createDirectories(oldLock.getParent());
        Files.write(old, new byte[3000]);
        Files.write(oldLock, new byte[10]);
        Files.write(young, new byte[20]);
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(oldLock, java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(3))));
        Files.setLastModifiedTime(young, java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofHours(1))));

        CliRun dry = CliRun.run(env, dir, clock, "prune", "--dry-run");
        assertThat(dry.exitCode).as(dry.toString()).isZero();
        assertThat(dry.out).contains("DELETE unfinished write data/snapshots/20261120T100000.000Z-ab12/.tmp-")
                .contains("DELETE unfinished write locks/.tmp-repo.lock-a1b2c3d4e5f6")
                .contains("KEEP   unfinished write manifests/snapshot/.tmp-")
                .contains("2 unfinished write(s)");
        assertThat(old).exists();
        assertThat(oldLock).exists();

        CliRun json = CliRun.run(env, dir, clock, "prune", "--dry-run", "--json");
        assertThat(JSON.readTree(json.out).path("items").findValuesAsText("kind")).contains("temp");

        CliRun r = CliRun.run(env, dir, clock, "prune");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("2 unfinished write(s)");
        assertThat(old).doesNotExist();
        assertThat(oldLock).doesNotExist();
        assertThat(young).exists();
        CliRun v = CliRun.run(env, dir, clock, "verify");
        assertThat(v.exitCode).as(v.toString()).isZero();
    }
}
