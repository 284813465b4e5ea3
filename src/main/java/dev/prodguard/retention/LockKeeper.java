package dev.prodguard.retention;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link LockPlan} on a repository whose storage locks its objects (S3 Object Lock): extends each stored
 * key's retention to what the restore points depending on it need, rounded up to the next whole UTC day so that a
 * daily run extends each key at most once a day; never shortens one. Tells prune which items are still locked.
 */
public final class LockKeeper {
    /** What one run did: keys checked and extended, and the earliest retention among the newest restore points. */
    public record Result(int checked, int extended) {}

    private final Repository repo;
    private final Storage storage;

    public LockKeeper(Repository repo) {
        this.repo = repo;
        this.storage = repo.storage();
    }

    /** Whether the repository's storage locks objects at all. */
    public boolean active() {
        return storage.objectLockPeriod() != null;
    }

    /**
     * Extends retention where {@link LockPlan} requires more than the store holds, for the items {@code plan} keeps
     * (what it deletes has no kept restore point left that needs it).
     */
    public Result extend(Inventory inventory, PrunePlan plan, Instant now) {
        Duration lockFor = storage.objectLockPeriod();
        if (lockFor == null) {
            return new Result(0, 0);
        }
        int checked = 0;
        int extended = 0;
        java.util.Set<LockPlan.Target> kept = new java.util.HashSet<>();
        plan.kept().forEach(i -> kept.add(new LockPlan.Target(i.kind(), i.id())));
        for (Map.Entry<LockPlan.Target, Instant> e : LockPlan.required(inventory, lockFor, now).entrySet()) {
            if (!kept.contains(e.getKey())) {
                continue;
            }
            Instant until = e.getValue().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
            for (String key : keys(inventory, e.getKey())) {
                checked++;
                try {
                    Instant held = storage.retainedUntil(key);
                    if (held != null && !held.isBefore(until)) {
                        continue;
                    }
                    if (held == null && !storage.exists(key)) {
                        continue;
                    }
                    storage.retainUntil(key, until);
                    extended++;
                } catch (IOException ex) {
                    throw new ProdguardException(ErrorCode.STORAGE, "cannot extend the Object Lock retention of " + key
                            + " in " + repo.location() + ": " + ex.getMessage() + "; check that the credentials may"
                            + " s3:PutObjectRetention", ex);
                }
            }
        }
        return new Result(checked, extended);
    }

    /** The stored keys of an item: its manifest (a snapshot's anchor too) and its objects. */
    static List<String> keys(Inventory inventory, LockPlan.Target t) {
        List<String> keys = new ArrayList<>();
        if (t.kind() == PrunePlan.Kind.SNAPSHOT) {
            keys.add(Repository.manifestStorageKey("snapshot", t.id()));
            inventory.snapshots().stream().filter(s -> s.id().equals(t.id())).findFirst().ifPresent(s -> {
                if (s.anchorSeq() != null) {
                    keys.add(Repository.manifestStorageKey(InventoryReader.ANCHOR, t.id()));
                }
                s.objects().stream().map(ObjectRef::key).forEach(keys::add);
            });
        } else if (t.kind() == PrunePlan.Kind.SEGMENT) {
            keys.add(Repository.manifestStorageKey("segment", t.id()));
            inventory.segments().stream().filter(g -> g.id().equals(t.id()) && g.object() != null).findFirst()
                    .ifPresent(g -> keys.add(g.object().key()));
        }
        return keys;
    }

    /** Until when an item's manifest is still locked, or null when it may be deleted now. */
    public Instant lockedUntil(PrunePlan.Item item, Instant now) {
        if (!active() || (item.kind() != PrunePlan.Kind.SNAPSHOT && item.kind() != PrunePlan.Kind.SEGMENT)) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        keys.add(Repository.manifestStorageKey(item.kind() == PrunePlan.Kind.SNAPSHOT ? "snapshot" : "segment", item.id()));
        keys.addAll(item.objectKeys());
        Instant latest = null;
        for (String key : keys) {
            try {
                Instant held = storage.retainedUntil(key);
                if (held != null && held.isAfter(now) && (latest == null || held.isAfter(latest))) {
                    latest = held;
                }
            } catch (IOException ex) {
                throw new ProdguardException(ErrorCode.STORAGE, "cannot read the Object Lock retention of " + key + " in "
                        + repo.location() + ": " + ex.getMessage(), ex);
            }
        }
        return latest;
    }
}
