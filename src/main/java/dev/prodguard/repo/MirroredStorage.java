package dev.prodguard.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A repository kept in two places ({@code PRODGUARD_REPO} and {@code PRODGUARD_REPO_MIRROR}, e.g. a local disk and a
 * bucket). The primary decides: every write must succeed there, and create-only-if-absent is its answer; the mirror
 * receives every committed object, manifest and record as well, and a mirror write that fails is logged, counted in
 * the mirror's {@link #health()} and caught up later by {@link #resync()}, never a reason to fail a backup: after a
 * failure the mirror is "behind" and receives nothing more until a sync has brought it up to date (so an absent mirror
 * does not slow every write down). Operation
 * locks live on the primary only (one place decides who holds them). Reads go to the primary and fall back to the
 * mirror when it cannot answer or lacks the key; {@link Repository} picks whichever copy is whole when the bytes are
 * damaged ({@link #copies()}). Listings are the union of both.
 */
public final class MirroredStorage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(MirroredStorage.class);

    private final Storage primary;
    private final Storage mirror;
    private final Clock clock;
    private final Tracked primaryHealth;
    private final Tracked mirrorHealth;
    /** Set by a failed mirror write, cleared by a successful {@link #resync()}: writes skip the mirror meanwhile. */
    private volatile boolean behind;

    public MirroredStorage(Storage primary, Storage mirror, Clock clock) {
        this.primary = primary;
        this.mirror = mirror;
        this.clock = clock;
        this.primaryHealth = new Tracked(primary.describe());
        this.mirrorHealth = new Tracked(mirror.describe() + " (mirror)");
    }

    /** How one target's requests went, for targets that do not track themselves (a local directory). */
    private final class Tracked {
        final String target;
        volatile Instant failingSince;
        volatile String lastError;
        volatile Instant lastOk;

        Tracked(String target) {
            this.target = target;
        }

        void ok() {
            lastOk = clock.instant();
            failingSince = null;
        }

        void failed(IOException e) {
            lastError = StorageErrors.describe(e);
            if (failingSince == null) {
                failingSince = clock.instant();
            }
        }

        TargetHealth health() {
            return new TargetHealth(target, failingSince, lastError, lastOk);
        }
    }

    /** The primary, then the mirror. */
    @Override
    public List<Storage> copies() {
        return List.of(primary, mirror);
    }

    @Override
    public StorageWriter create(String key) throws IOException {
        StorageWriter p = primary.create(key);
        StorageWriter m = null;
        try {
            m = behind ? null : mirror.create(key);
        } catch (IOException e) {
            mirrorFailed("create", key, e);
            m = null;
        }
        return new MirrorWriter(this, key, p, m);
    }

    void mirrorFailed(String what, String key, IOException e) {
        mirrorHealth.failed(e);
        behind = true;
        LOG.warn("the mirror {} did not take {} of {}: {}; the next mirror sync copies it", mirror.describe(), what, key,
                StorageErrors.describe(e));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        if (!tracked(primaryHealth, () -> primary.putIfAbsent(key, data))) {
            return false;
        }
        copyToMirror(key, data);
        return true;
    }

    @Override
    public boolean putIfAbsentAfter(Collection<String> after, String key, byte[] data) throws IOException {
        if (!tracked(primaryHealth, () -> primary.putIfAbsentAfter(after, key, data))) {
            return false;
        }
        toMirror("the objects before", key, () -> mirror.barrier(after));
        copyToMirror(key, data);
        return true;
    }

    private void copyToMirror(String key, byte[] data) {
        toMirror("write", key, () -> {
            if (!mirror.putIfAbsent(key, data)) {
                mirror.overwrite(key, data); // a leftover of an earlier attempt: the primary's bytes win
            }
        });
    }

    private interface MirrorCall {
        void call() throws IOException;
    }

    /** Does {@code call} on the mirror unless it is behind; a failure marks it behind (logged, alerted), never thrown. */
    private void toMirror(String what, String key, MirrorCall call) {
        if (behind) {
            return;
        }
        try {
            call.call();
            mirrorHealth.ok();
        } catch (IOException e) {
            mirrorFailed(what, key, e);
        }
    }

    @Override
    public void overwrite(String key, byte[] data) throws IOException {
        tracked(primaryHealth, () -> {
            primary.overwrite(key, data);
            return null;
        });
        toMirror("write", key, () -> mirror.overwrite(key, data));
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return tracked(primaryHealth, () -> primary.get(key));
        } catch (IOException e) {
            try {
                return mirror.get(key);
            } catch (IOException also) {
                e.addSuppressed(also);
                throw e;
            }
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            if (tracked(primaryHealth, () -> primary.exists(key))) {
                return true;
            }
        } catch (IOException e) {
            return mirror.exists(key);
        }
        try {
            return mirror.exists(key);
        } catch (IOException e) {
            return false;
        }
    }

    /** The primary's: reads go to it first. */
    @Override
    public int readConcurrency() {
        return primary.readConcurrency();
    }

    /** The primary's: reads go to it first. */
    @Override
    public boolean readsAreLocal() {
        return primary.readsAreLocal();
    }

    /** The union of both listings; one side that cannot list is left out (both failing: the primary's error). */
    @Override
    public List<String> list(String prefix) throws IOException {
        return union(s -> s.list(prefix), Integer.MAX_VALUE);
    }

    /** As {@link #list}, with at most {@code max} keys from each side and in all. */
    @Override
    public List<String> listSome(String prefix, int max) throws IOException {
        return union(s -> s.listSome(prefix, max), max);
    }

    /** As {@link #list}: the first {@code max} of both sides' keys after {@code after}. */
    @Override
    public List<String> listAfter(String prefix, String after, int max) throws IOException {
        return union(s -> s.listAfter(prefix, after, max), max);
    }

    private interface Listing {
        List<String> of(Storage side) throws IOException;
    }

    private List<String> union(Listing listing, int max) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        IOException primaryError = null;
        try {
            keys.addAll(tracked(primaryHealth, () -> listing.of(primary)));
        } catch (IOException e) {
            primaryError = e;
        }
        try {
            keys.addAll(listing.of(mirror));
        } catch (IOException e) {
            if (primaryError != null) {
                primaryError.addSuppressed(e);
                throw primaryError;
            }
        }
        List<String> out = new ArrayList<>(keys);
        return out.size() <= max ? out : new ArrayList<>(out.subList(0, max));
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return tracked(primaryHealth, () -> primary.size(key));
        } catch (IOException e) {
            return mirror.size(key);
        }
    }

    /** Deletes on both; the primary must succeed, a mirror that fails keeps a stale copy until the next sync. */
    @Override
    public void delete(String key) throws IOException {
        tracked(primaryHealth, () -> {
            primary.delete(key);
            return null;
        });
        toMirror("delete", key, () -> mirror.delete(key)); // when behind, the next sync removes it
    }

    @Override
    public Instant lastModified(String key) throws IOException {
        try {
            return tracked(primaryHealth, () -> primary.lastModified(key));
        } catch (IOException e) {
            return mirror.lastModified(key);
        }
    }

    @Override
    public List<Debris> debris() throws IOException {
        return primary.debris();
    }

    @Override
    public void deleteDebris(String name) throws IOException {
        primary.deleteDebris(name);
    }

    @Override
    public Instant retainedUntil(String key) throws IOException {
        return primary.retainedUntil(key);
    }

    @Override
    public void retainUntil(String key, Instant until) throws IOException {
        primary.retainUntil(key, until);
        toMirror("retention", key, () -> mirror.retainUntil(key, until));
    }

    @Override
    public Duration objectLockPeriod() {
        return primary.objectLockPeriod();
    }

    @Override
    public long usableSpace() throws IOException {
        return primary.usableSpace();
    }

    @Override
    public long totalSpace() throws IOException {
        return primary.totalSpace();
    }

    @Override
    public String describe() {
        return primary.describe() + " (mirror " + mirror.describe() + ")";
    }

    @Override
    public void barrier(Collection<String> keys) throws IOException {
        primary.barrier(keys);
        toMirror("the durability barrier", keys.size() + " object(s)", () -> mirror.barrier(keys));
    }

    /** Locks are the primary's alone: one place decides who holds an operation lock. */
    @Override
    public Storage forLocks() {
        return primary.forLocks();
    }

    @Override
    public Duration pollEvery() {
        return max(primary.pollEvery(), mirror.pollEvery());
    }

    @Override
    public Duration idleWriteEvery() {
        return max(primary.idleWriteEvery(), mirror.idleWriteEvery());
    }

    /** One entry per target: the backend's own tracking where it has one (S3), else what this storage saw. */
    @Override
    public List<TargetHealth> health() {
        List<TargetHealth> out = new ArrayList<>();
        out.addAll(primary.health().isEmpty() ? List.of(primaryHealth.health()) : primary.health());
        List<TargetHealth> m = mirror.health();
        if (m.isEmpty()) {
            out.add(mirrorHealth.health());
        } else {
            for (TargetHealth h : m) {
                // a mirror write that failed while the bucket answered (e.g. 403) is the mirror's failure too
                Instant since = h.failingSince() != null ? h.failingSince() : mirrorHealth.failingSince;
                out.add(new TargetHealth(h.target() + " (mirror)", since,
                        h.failingSince() != null ? h.lastError() : mirrorHealth.lastError, h.lastOk()));
            }
        }
        return out;
    }

    /**
     * Copies to the mirror every committed key it lacks or holds with another size, and deletes what the primary no
     * longer holds (what prune deleted while the mirror was away); returns how many keys it changed. Locks are left.
     */
    public int resync() {
        try {
            return copyMissing();
        } catch (IOException e) {
            mirrorHealth.failed(e);
            throw new dev.prodguard.error.ProdguardException(dev.prodguard.error.ErrorCode.STORAGE, "cannot bring the"
                    + " mirror " + mirror.describe() + " up to date: " + StorageErrors.describe(e)
                    + "; the next sync tries again", e);
        }
    }

    private int copyMissing() throws IOException {
        List<String> want = primary.list("");
        TreeSet<String> have = new TreeSet<>(mirror.list(""));
        int changed = 0;
        for (String key : want) {
            if (key.startsWith("locks/")) {
                continue;
            }
            if (have.remove(key) && mirror.size(key) == primary.size(key)) {
                continue;
            }
            try (InputStream in = primary.get(key); StorageWriter w = mirror.create(key)) {
                in.transferTo(w.stream());
                if (mirror.exists(key)) {
                    mirror.delete(key); // a different copy (a record replaced meanwhile, or damage): replace it
                }
                w.commit();
            }
            changed++;
        }
        for (String stale : have) {
            if (!stale.startsWith("locks/")) {
                mirror.delete(stale);
                changed++;
            }
        }
        mirrorHealth.ok();
        behind = false;
        return changed;
    }

    interface Call<T> {
        T call() throws IOException;
    }

    /** Runs a primary operation, counting its outcome in the primary's health. */
    <T> T onPrimary(Call<T> call) throws IOException {
        return tracked(primaryHealth, call);
    }

    /** Counts a successful mirror operation. */
    void mirrorOk() {
        mirrorHealth.ok();
    }

    private static <T> T tracked(Tracked t, Call<T> call) throws IOException {
        try {
            T r = call.call();
            t.ok();
            return r;
        } catch (java.nio.file.NoSuchFileException e) {
            t.ok(); // an answer, not a failure of the store
            throw e;
        } catch (IOException e) {
            t.failed(e);
            throw e;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
