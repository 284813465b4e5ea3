package dev.prodguard.repo;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operation lock stored as {@code locks/<scope>.lock}: taken with put-if-absent, kept alive by a
 * heartbeat (rewritten every quarter of {@code staleAfter}), released by deleting it. A holder whose
 * lock file has not changed for longer than {@code staleAfter} as seen here (the injected clock against
 * the storage's {@link Storage#lastModified} time; the heartbeat written inside is the holder's clock and
 * is only shown), or a dead process on this host, is taken over: the taker first wins
 * {@code locks/<scope>.takeover-<stale token>} with put-if-absent, so of several takers exactly one
 * replaces the stale lock.
 */
final class RepoLock implements OperationLock {
    private static final Logger LOG = LoggerFactory.getLogger(RepoLock.class);
    private static final int ATTEMPTS = 5;

    private final Storage storage;
    private final String key;
    private final Clock clock;
    private final String notice;
    private volatile LockHolder me;
    private volatile boolean lost;
    private volatile String lostTo;
    private volatile boolean released;
    private ScheduledExecutorService heartbeat;

    private RepoLock(Storage storage, String key, LockHolder me, Clock clock, String notice) {
        this.storage = storage;
        this.key = key;
        this.me = me;
        this.clock = clock;
        this.notice = notice;
    }

    static String lockKey(String scope) {
        return "locks/" + Keys.encodeSegment(scope) + ".lock";
    }

    /** Takes the lock or throws LOCKED naming the holder. */
    static RepoLock acquire(Storage storage, String scope, String operation, Duration staleAfter, Clock clock) {
        if (scope == null || scope.isBlank() || staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("lock needs a scope and a positive staleAfter");
        }
        storage = storage.forLocks();
        String key = lockKey(scope);
        Instant now = clock.instant();
        LockHolder me = new LockHolder(scope, operation, LockHolder.localHost(), ProcessHandle.current().pid(),
                UUID.randomUUID().toString(), now, now);
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (storage.putIfAbsent(key, me.toJson())) {
                    return start(new RepoLock(storage, key, me, clock, null), staleAfter);
                }
                byte[] raw = read(storage, key);
                if (raw == null) {
                    continue; // released meanwhile
                }
                LockHolder cur = LockHolder.parse(raw);
                Instant at = clock.instant();
                Duration age = age(storage, key, at);
                if (age == null) {
                    continue; // released meanwhile
                }
                boolean stale = cur == null || age.compareTo(staleAfter) > 0;
                boolean dead = cur != null && cur.deadOnThisHost();
                if (!stale && !dead) {
                    throw held(scope, cur, age, staleAfter);
                }
                String token = cur == null ? "unreadable" : cur.token();
                String claim = key.substring(0, key.length() - ".lock".length()) + ".takeover-" + Keys.encodeSegment(token);
                if (!storage.putIfAbsent(claim, me.withHeartbeat(at).toJson())) {
                    clearAbandonedClaim(storage, claim, at, staleAfter);
                    continue;
                }
                try {
                    byte[] again = read(storage, key);
                    if (again == null || !java.util.Arrays.equals(again, raw)) {
                        continue; // released or taken over by someone else meanwhile
                    }
                    me = me.withHeartbeat(at);
                    storage.overwrite(key, me.toJson());
                } finally {
                    storage.delete(claim);
                }
                return start(new RepoLock(storage, key, me, clock, takeoverNotice(scope, cur, age, staleAfter, dead)),
                        staleAfter);
            }
        } catch (IOException e) {
            throw StorageErrors.write(storage, key, e);
        }
        throw new ProdguardException(ErrorCode.LOCKED, "could not take the '" + scope + "' lock in "
                + storage.describe() + ": other processes keep taking and releasing it; try again");
    }

    private static RepoLock start(RepoLock lock, Duration staleAfter) {
        long period = Math.max(50, staleAfter.toMillis() / 4);
        lock.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prodguard-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        lock.heartbeat.scheduleAtFixedRate(lock::heartbeatSafely, period, period, TimeUnit.MILLISECONDS);
        return lock;
    }

    private static void clearAbandonedClaim(Storage storage, String claim, Instant at, Duration staleAfter)
            throws IOException {
        Duration age = age(storage, claim, at);
        if (age != null && age.compareTo(staleAfter) > 0) {
            storage.delete(claim); // a taker crashed mid-takeover; its claim must not block everyone forever
        }
    }

    /**
     * How long ago the key last changed as seen here (never negative: a storage clock ahead of ours counts as
     * "just now", so such a lock is taken over late by that difference, never early); null when it is gone.
     */
    private static Duration age(Storage storage, String key, Instant now) throws IOException {
        try {
            Duration d = Duration.between(storage.lastModified(key), now);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] read(Storage storage, String key) throws IOException {
        try (InputStream in = storage.get(key)) {
            return in.readNBytes(64 * 1024);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static ProdguardException held(String scope, LockHolder cur, Duration age, Duration staleAfter) {
        return new ProdguardException(ErrorCode.LOCKED, "another prodguard operation holds the '" + scope + "' lock: "
                + cur.describe() + ", lock refreshed " + Durations.human(age) + " ago; wait for it to finish (if that process is gone,"
                + " its lock is taken over automatically once it has not been refreshed for " + Durations.human(staleAfter) + ", judged"
                + " by the lock file's age on this machine's clock, never by the time its holder wrote into it)");
    }

    private static String takeoverNotice(String scope, LockHolder cur, Duration age, Duration staleAfter, boolean dead) {
        if (cur == null) {
            return "took over the '" + scope + "' lock: the lock file was unreadable (not written by prodguard)";
        }
        String why = dead ? "that process no longer exists on this host"
                : "its lock was last refreshed " + Durations.human(age) + " ago as seen here (stale after " + Durations.human(staleAfter)
                        + "), so it presumably crashed";
        return "took over the '" + scope + "' lock from " + cur.describe() + ": " + why;
    }

    @Override
    public String takeoverNotice() {
        return notice;
    }

    /** Refreshes the heartbeat now; marks the lock lost when another process replaced it. */
    synchronized void heartbeatNow() throws IOException {
        if (released || lost || !stillMine()) {
            return;
        }
        me = me.withHeartbeat(clock.instant());
        storage.overwrite(key, me.toJson());
    }

    /** Reads the lock file: true while it carries this holder's token; otherwise marks the lock lost, saying who took it. */
    private boolean stillMine() throws IOException {
        byte[] raw = read(storage, key);
        LockHolder cur = raw == null ? null : LockHolder.parse(raw);
        if (cur != null && cur.token().equals(me.token())) {
            return true;
        }
        lostTo = cur == null ? "nobody (the lock file was deleted)" : cur.describe();
        lost = true;
        LOG.warn("the '{}' lock was taken over by {}; this operation no longer holds it", me.scope(), lostTo);
        return false;
    }

    private void heartbeatSafely() {
        try {
            heartbeatNow();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the '{}' lock heartbeat in {}: {}", me.scope(), storage.describe(), e.toString());
        }
    }

    /** The holder as stored now (tests and status). */
    LockHolder holder() {
        return me;
    }

    /**
     * Reads the lock file (one small read, so a holder that was frozen longer than the stale threshold learns it
     * before its next commit, not at its next heartbeat) and throws LOCKED when another process took it over.
     */
    @Override
    public synchronized void ensureHeld() {
        if (!lost && !released) {
            try {
                stillMine();
            } catch (IOException e) {
                LOG.warn("could not read the '{}' lock in {}: {}", me.scope(), storage.describe(), e.toString());
            }
        }
        if (lost) {
            throw new ProdguardException(ErrorCode.LOCKED, "this operation lost the '" + me.scope() + "' lock: it was"
                    + " taken over by " + lostTo + ", to whom this operation's heartbeat looked stalled; stopping without"
                    + " committing more");
        }
    }

    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        try {
            byte[] raw = read(storage, key);
            LockHolder cur = raw == null ? null : LockHolder.parse(raw);
            if (cur != null && cur.token().equals(me.token())) {
                storage.delete(key);
            }
        } catch (IOException e) {
            LOG.warn("could not release the '{}' lock in {}: {}; it will be taken over once stale", me.scope(),
                    storage.describe(), e.toString());
        }
    }
}
