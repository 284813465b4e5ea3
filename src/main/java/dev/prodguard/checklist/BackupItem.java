package dev.prodguard.checklist;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.status.StatusService;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import dev.prodguard.verify.RestoreTestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Backups are configured and a verified restore exists: the backup repository opens (with its key),
 * holds at least one snapshot, and the last restore test ({@code verify --restore}: the record {@code status}
 * shows, {@code verify/last} or the state directory's copy) passed and is recent (within {@code schedule.verify}, else 7 days).
 */
final class BackupItem extends BaseItem {
    BackupItem() {
        super("backups", "Backups configured and a verified restore exists", 0, Stage.PRE_LIVE, Stage.POST_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        Duration maxAge = RestoreTestSchedule.maxAge(ctx.settings());
        try (Repository repo = ctx.openRepository()) {
            List<String> snapshots = new SnapshotCatalog(repo).ids();
            if (snapshots.isEmpty()) {
                return ItemResult.fail(this, "the backup repository " + repo.location() + " holds no snapshot",
                        "run 'prodguard backup' (and keep the guardian, 'prodguard run', taking them)");
            }
            String where = snapshots.size() + " snapshot(s), latest " + snapshots.get(snapshots.size() - 1);
            RestoreTestRecord last = new StatusService(repo, ctx.settings().path(ConfigKey.STATE_DIR)).lastRestoreTest();
            if (last == null) {
                return ItemResult.fail(this, where + "; no restore test has run",
                        "run 'prodguard verify --restore' to prove the latest snapshot restores");
            }
            Instant at = last.at();
            if (at == null) {
                return ItemResult.fail(this, "the restore-test record " + RestoreTestRecord.RECORD + " is unreadable (its time '"
                        + last.atText() + "' is not an instant)", "run 'prodguard verify --restore' again to rewrite it");
            }
            Duration age = Duration.between(at, ctx.clock().instant());
            String when = "last restore test " + Instants.human(at) + " (" + Durations.human(age) + " ago) of snapshot "
                    + (last.snapshotId() == null ? "?" : last.snapshotId());
            if (last.nothingToTest()) {
                return ItemResult.fail(this, where + "; " + when + " had NOTHING TO TEST (the snapshot holds no collection)",
                        "check DB_NAME ('prodguard doctor' lists the databases that hold data), take a backup, and run"
                        + " 'prodguard verify --restore' again");
            }
            if (!last.ok()) {
                return ItemResult.fail(this, where + "; " + when + " FAILED",
                        "run 'prodguard verify --restore' and fix what it reports; a backup that does not restore is no backup");
            }
            if (age.compareTo(maxAge) > 0) {
                return ItemResult.fail(this, where + "; " + when + " is older than " + Durations.human(maxAge),
                        "run 'prodguard verify --restore' (and schedule it: schedule.verify in prodguard.yml)");
            }
            return ItemResult.pass(this, where + "; " + when + " passed");
        } catch (RestoreTestRecord.Unreadable e) {
            return ItemResult.fail(this, "the restore-test record " + RestoreTestRecord.RECORD + " is unreadable (" + e.why() + ")",
                    "run 'prodguard verify --restore' again to rewrite it");
        } catch (ProdguardException e) {
            String remedy = switch (e.code()) {
                case KEY -> "set PRODGUARD_REPO_KEY to the repository's passphrase";
                case REPOSITORY -> "create the repository with a first 'prodguard backup' (PRODGUARD_REPO names it)";
                default -> "check PRODGUARD_REPO; then 'prodguard status'";
            };
            return ItemResult.fail(this, e.getMessage(), remedy);
        }
    }
}
