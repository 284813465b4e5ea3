package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.Severity;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.config.Schedule;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.status.StatusService;
import dev.prodguard.testing.LogCapture;
import dev.prodguard.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "repository storage nearly full" rule on a real repository whose filesystem reports the free
 * space the test sets: thresholds in % and MB, a dead band against flapping, and storage that cannot
 * tell (object storage) never alerting.
 */
class RepositorySpaceRuleTest {
    private static final long GB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<Notification> sent = new ArrayList<>();
    private SqliteAlertStore store;
    private AlertManager alerts;
    private CapacityStorage storage;
    private Repository repo;

    @BeforeEach
    void open() {
        store = SqliteAlertStore.open(dir.resolve("state"));
        alerts = new AlertManager(clock, store, AlertPolicy.DEFAULT, sent::add);
        storage = new CapacityStorage(new FileStorage(dir.resolve("repo")), 50 * GB, 100 * GB);
        repo = Repository.openOrCreate(storage, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Space checks only: 10 % and 1 GB (the defaults); capture not expected, the snapshot rule sees a fresh start. */
    private GuardianRules rules() {
        return new GuardianRules(new StatusService(repo, null), "exchange", Schedule.parse("snapshot", "every 1d"),
                RulesSettings.DEFAULTS, alerts, clock);
    }

    private Optional<Alert> spaceAlert() {
        return alerts.active().stream().filter(a -> a.ruleId().equals(GuardianRules.REPOSITORY_SPACE)).findFirst();
    }

    @Test
    void belowTheShareRaisesAWarningAndBelowHalfOfItACriticalAlert() {
        GuardianRules r = rules();
        assertThat(r.evaluate()).contains("repository space: 50.0 GiB free of 100.0 GiB (50 %)");
        assertThat(spaceAlert()).isEmpty();

        storage.usable = 9 * GB;
        assertThat(r.evaluate()).contains("(9 %) LOW");
        assertThat(spaceAlert()).get().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.title()).isEqualTo("Repository storage nearly full: 9.0 GiB free of 100.0 GiB (9 %)");
            assertThat(a.details()).containsEntry("threshold",
                    "at least 10 % (PRODGUARD_REPO_FREE_PCT) and 1.0 GiB (PRODGUARD_REPO_FREE_MB) free");
        });
        storage.usable = 4 * GB;
        r.evaluate();
        assertThat(spaceAlert()).get().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.OPENED); // refreshed quietly
    }

    @Test
    void aSmallVolumeIsJudgedByTheAbsoluteThreshold() {
        storage.total = 4 * GB;
        storage.usable = 900L * 1024 * 1024; // 22 % free, but under 1024 MB
        GuardianRules r = rules();
        r.evaluate();
        assertThat(spaceAlert()).get().satisfies(a -> assertThat(a.title()).contains("900.0 MiB free of 4.0 GiB"));
    }

    @Test
    void freeSpaceHoveringAtTheThresholdDoesNotFlap() {
        GuardianRules r = rules();
        storage.usable = 9 * GB + 900L * 1024 * 1024; // 9.9 %
        r.evaluate();
        for (int i = 0; i < 30; i++) { // half an hour between 9.9 % and 11 %: inside the dead band
            clock.advance(Duration.ofMinutes(1));
            storage.usable = i % 2 == 0 ? 11 * GB : 9 * GB + 900L * 1024 * 1024;
            r.evaluate();
            alerts.tick();
        }
        assertThat(spaceAlert()).isPresent();
        storage.usable = 12 * GB + 100L * 1024 * 1024; // 12.1 %: above 10 + 2 points
        r.evaluate();
        assertThat(spaceAlert()).isEmpty();
        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.OPENED,
                Notification.Kind.RESOLVED);
    }

    @Test
    void storageThatCannotTellNeverAlertsAndSaysSoOnce() {
        storage.usable = -1;
        storage.total = -1;
        GuardianRules r = rules();
        try (LogCapture log = new LogCapture()) {
            assertThat(r.evaluate()).contains("repository space: not available on this storage");
            r.evaluate();
            assertThat(log.text().lines().filter(l -> l.contains("repository free space: not available"))).hasSize(1);
        }
        assertThat(spaceAlert()).isEmpty();
    }

    @Test
    void theFileStorageReportsItsVolumeEvenBeforeTheDirectoryExists() throws Exception {
        assertThat(new FileStorage(dir).totalSpace()).isPositive();
        assertThat(new FileStorage(dir.resolve("not/yet/created")).totalSpace())
                .isEqualTo(new FileStorage(dir).totalSpace());
    }
}
