package dev.prodguard.retention;

import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.retention.PrunePlan.Item;
import dev.prodguard.retention.PrunePlan.Kind;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and applies retention under the repository's "repo" operation lock (so no backup or other
 * prune runs meanwhile). Order: record the condemned object keys, delete the manifests, then their
 * objects; a crash in between leaves unreferenced objects, never a manifest naming a missing object,
 * and the next prune deletes them at once; last, the temp files of writes that never finished. Running it
 * twice deletes nothing more.
 *
 * <p>Capture may run meanwhile (it holds "capture:&lt;db&gt;", not "repo"): it only adds segments
 * newer than the newest one, which the plan always keeps, and resumes from the newest manifest; so
 * deleting older segments never touches what it reads or writes. Its in-flight object is unreferenced
 * for milliseconds only, well inside the orphan grace.
 */
public final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final Repository repo;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final Duration lockStaleAfter;

    public Pruner(Repository repo, RetentionPolicy policy, Clock clock, Duration lockStaleAfter) {
        this.repo = repo;
        this.policy = policy;
        this.clock = clock;
        this.lockStaleAfter = lockStaleAfter;
    }

    /**
     * What a prune did: the plan, how many manifests and objects it deleted, and the items the plan would delete that
     * S3 Object Lock still holds (skipped; a later prune deletes them), each as "snapshot &lt;id&gt; until &lt;instant&gt;".
     */
    public record Result(PrunePlan plan, boolean applied, int manifestsDeleted, int objectsDeleted, String lockNotice,
            List<String> stillLocked) {
        public Result(PrunePlan plan, boolean applied, int manifestsDeleted, int objectsDeleted, String lockNotice) {
            this(plan, applied, manifestsDeleted, objectsDeleted, lockNotice, List.of());
        }
    }

    /**
     * Plans without changing anything and without the lock, so it also works while a backup runs (that
     * backup's objects then show as young unreferenced objects, which the plan keeps).
     */
    public Result dryRun() {
        PrunePlan plan = PrunePlanner.plan(policy, clock.instant(), new InventoryReader(repo).read(clock.instant()));
        return new Result(plan, false, 0, 0, null);
    }

    /** Plans and deletes. @throws dev.prodguard.error.ProdguardException LOCKED while a backup or prune runs */
    public Result prune() {
        try (OperationLock lock = repo.lock("repo", "prune", lockStaleAfter, clock)) {
            if (lock.takeoverNotice() != null) {
                LOG.warn(lock.takeoverNotice());
            }
            InventoryReader reader = new InventoryReader(repo);
            Inventory inventory = reader.read(clock.instant());
            PrunePlan plan = PrunePlanner.plan(policy, clock.instant(), inventory);
            LockKeeper keeper = new LockKeeper(repo);
            List<String> stillLocked = new ArrayList<>();
            if (keeper.active()) {
                keeper.extend(inventory, plan, clock.instant()); // what is kept stays locked as long as restores need it
                plan = withoutLocked(plan, keeper, stillLocked);
            }
            int[] counts = apply(plan, lock, reader);
            List<Inventory.Orphan> keptOrphans = new ArrayList<>();
            for (Inventory.Orphan o : inventory.orphans()) {
                if (plan.deletions().stream().noneMatch(i -> i.kind() == Kind.ORPHAN && i.id().equals(o.key()))) {
                    keptOrphans.add(o);
                }
            }
            lock.ensureHeld();
            reader.writeSeen(keptOrphans);
            return new Result(plan, true, counts[0], counts[1], lock.takeoverNotice(), stillLocked);
        }
    }

    /** The plan with every deletion that Object Lock still holds turned into a kept item, listed in {@code locked}. */
    private PrunePlan withoutLocked(PrunePlan plan, LockKeeper keeper, List<String> locked) {
        List<Item> items = new ArrayList<>();
        for (Item i : plan.items()) {
            java.time.Instant until = i.delete() ? keeper.lockedUntil(i, plan.now()) : null;
            if (until == null) {
                items.add(i);
                continue;
            }
            locked.add(i.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + i.id() + " until " + Instants.human(until));
            List<String> reasons = new ArrayList<>(i.reasons());
            reasons.add("still under S3 Object Lock until " + Instants.human(until) + ": deleted by a later prune");
            items.add(new Item(i.kind(), i.id(), i.db(), false, reasons, i.bytes(), i.objectKeys()));
        }
        return new PrunePlan(plan.now(), plan.policy(), items);
    }

    private void deleteTemp(String name) {
        try {
            repo.storage().deleteDebris(name);
        } catch (java.io.IOException e) {
            throw new dev.prodguard.error.ProdguardException(dev.prodguard.error.ErrorCode.STORAGE, "prune could not delete"
                    + " the unfinished write " + name + " in " + repo.location() + ": " + e.getMessage()
                    + "; check the repository's permissions, then run prune again", e);
        }
    }

    /** Applies a plan: condemned keys recorded, manifests deleted, then objects, then the record cleared. */
    private int[] apply(PrunePlan plan, OperationLock lock, InventoryReader reader) {
        List<Item> deletions = plan.deletions();
        if (deletions.isEmpty()) {
            reader.writePending(List.of());
            return new int[] {0, 0};
        }
        List<String> condemned = new ArrayList<>();
        deletions.forEach(i -> condemned.addAll(i.objectKeys()));
        lock.ensureHeld();
        reader.writePending(condemned);
        int manifests = 0;
        for (Item i : deletions) {
            if (i.kind() != Kind.SNAPSHOT && i.kind() != Kind.SEGMENT) {
                continue;
            }
            lock.ensureHeld();
            repo.deleteManifest(i.kind() == Kind.SNAPSHOT ? SnapshotManifest.KIND : SegmentManifest.KIND, i.id());
            manifests++;
            if (i.kind() == Kind.SNAPSHOT) {
                repo.deleteManifest(InventoryReader.ANCHOR, i.id()); // capture's tie to it, if any; absent is fine
            }
        }
        int objects = 0;
        for (String key : condemned) {
            lock.ensureHeld();
            repo.deleteObject(new ObjectRef(key, null, 0, 0));
            objects++;
        }
        reader.writePending(List.of());
        for (Item i : deletions) {
            if (i.kind() == Kind.TEMP) {
                lock.ensureHeld();
                deleteTemp(i.id());
            }
        }
        return new int[] {manifests, objects};
    }
}
