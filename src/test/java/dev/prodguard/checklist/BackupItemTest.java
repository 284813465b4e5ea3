package dev.prodguard.checklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.verify.RestoreTestRecord;
import dev.prodguard.verify.RestoreTestReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup item against a real (encrypted) backup repository on the filesystem. */
class BackupItemTest {
    private static final String KEY = "Backup-Item-Repo-Key-4471";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path work;

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    private Map<String, String> env(String key) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", "mongodb+srv://app:Backup-Item-Pw-19@cluster0.ab1cd.mongodb.net/");
        env.put("DB_NAME", "coinhubx_production");
        env.put("PRODGUARD_REPO", work.resolve("repo").toString());
        if (key != null) {
            env.put("PRODGUARD_REPO_KEY", key);
        }
        return env;
    }

    private ItemResult check(Map<String, String> env, Instant now) throws Exception {
        Settings s = Fixtures.settings(env, work);
        CheckContext ctx = new CheckContext(s, work, Clock.fixed(now, ZoneOffset.UTC), "test-host",
                () -> RepositoryFactory.open(s));
        return Fixtures.run(new BackupItem(), ctx);
    }

    private Repository repo() {
        return Repository.openOrCreate(new FileStorage(work.resolve("repo")), KEY.toCharArray());
    }

    /** The record {@code verify --restore} writes: a RestoreTestReport as JSON, as RestoreTester stores it. */
    private static byte[] restoreTest(String snapshot, Instant at, boolean ok) throws Exception {
        RestoreTestReport report = new RestoreTestReport(snapshot, "prodguard_verify_20261125", at.toString(), 12, 840,
                List.of(new RestoreTestReport.CollectionCheck("wallets", 12, ok ? 12 : 11, "ab", ok ? "ab" : "cd")),
                List.of());
        assertThat(report.ok()).isEqualTo(ok);
        return new ObjectMapper().writeValueAsBytes(report);
    }

    private void snapshot(Repository r, String id) {
        r.writeManifest("snapshot", id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void failsWhenThereIsNoRepository() throws Exception {
        ItemResult r = check(env(KEY), NOW);
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("no backup repository at");
        assertThat(r.remedy()).contains("prodguard backup");
    }

    @Test
    void failsWithTheWrongKeyOrWithoutOne() throws Exception {
        try (Repository r = repo()) {
            snapshot(r, "20261124T100000Z");
        }
        ItemResult wrong = check(env("Another-Key-Entirely-0007"), NOW);
        assertThat(wrong.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(wrong.remedy()).contains("PRODGUARD_REPO_KEY");
        ItemResult none = check(env(null), NOW);
        assertThat(none.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(none.remedy()).contains("PRODGUARD_REPO_KEY");
        assertThat(wrong.toString() + none).doesNotContain(KEY).doesNotContain("Another-Key-Entirely-0007");
    }

    @Test
    void failsWithoutASnapshotThenWithoutARestoreTest() throws Exception {
        try (Repository r = repo()) {
            ItemResult empty = check(env(KEY), NOW);
            assertThat(empty.status()).as(empty.toString()).isEqualTo(ItemStatus.FAIL);
            assertThat(empty.detail()).contains("holds no snapshot");
            snapshot(r, "20261124T100000Z");
        }
        ItemResult untested = check(env(KEY), NOW);
        assertThat(untested.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(untested.detail()).contains("1 snapshot(s), latest 20261124T100000Z; no restore test has run");
        assertThat(untested.remedy()).contains("prodguard verify --restore");
    }

    @Test
    void passesWithARecentPassingRestoreTestAndFailsWhenItFailedOrIsStale() throws Exception {
        try (Repository r = repo()) {
            snapshot(r, "20261120T100000Z");
            snapshot(r, "20261124T100000Z");
            r.putRecord(RestoreTestRecord.RECORD, restoreTest("20261124T100000Z", NOW.minus(Duration.ofDays(1)), true));
        }
        ItemResult ok = check(env(KEY), NOW);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(ok.detail()).contains("2 snapshot(s), latest 20261124T100000Z", "(1 d ago)", "passed");

        ItemResult stale = check(env(KEY), NOW.plus(Duration.ofDays(7)));
        assertThat(stale.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(stale.detail()).contains("is older than 7 d");

        try (Repository r = repo()) {
            r.putRecord(RestoreTestRecord.RECORD, restoreTest("20261124T100000Z", NOW.minus(Duration.ofHours(2)), false));
        }
        ItemResult failed = check(env(KEY), NOW);
        assertThat(failed.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(failed.detail()).contains("(2 h ago)", "FAILED");
    }

    @Test
    void theScheduledIntervalIsHowOldTheLastRestoreTestMayBe() throws Exception {
        try (Repository r = repo()) {
            snapshot(r, "20261124T100000Z");
            r.putRecord(RestoreTestRecord.RECORD, restoreTest("20261124T100000Z", NOW.minus(Duration.ofDays(2)), true));
        }
        Fixtures.write(work.resolve("prodguard.yml"), "schedule:\n  verify: daily\n");
        ItemResult r = check(env(KEY), NOW);
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("older than 1 d");
    }

    @Test
    void anUnreadableRecordFailsWithTheWayToRewriteIt() throws Exception {
        try (Repository r = repo()) {
            snapshot(r, "20261124T100000Z");
            r.putRecord(RestoreTestRecord.RECORD, "[1,2]".getBytes(StandardCharsets.UTF_8));
        }
        ItemResult r = check(env(KEY), NOW);
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("verify/last is unreadable");
        assertThat(List.of(r.remedy())).containsExactly("run 'prodguard verify --restore' again to rewrite it");
    }
}
