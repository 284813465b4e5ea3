package dev.prodguard.repo;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
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
 * heartbeat is older than {@code staleAfter} on the injected clock, or a dead process on this host,
 * is taken over: the taker first wins {@code locks/<scope>.takeover-<stale token>} with
 * put-if-absent, so of several takers exactly one replaces the stale lock.
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
                boolean stale = cur == null || Duration.between(cur.heartbeat(), at).compareTo(staleAfter) > 0;
                boolean dead = cur != null && cur.deadOnThisHost();
                if (!stale && !dead) {
                    throw held(scope, cur, at, staleAfter);
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
                return start(new RepoLock(storage, key, me, clock, takeoverNotice(scope, cur, at, staleAfter, dead)),
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
        byte[] raw = read(storage, claim);
        LockHolder claimer = raw == null ? null : LockHolder.parse(raw);
        if (raw != null && (claimer == null || Duration.between(claimer.heartbeat(), at).compareTo(staleAfter) > 0)) {
            storage.delete(claim); // a taker crashed mid-takeover; its claim must not block everyone forever
        }
    }

    private static byte[] read(Storage storage, String key) throws IOException {
        try (InputStream in = storage.get(key)) {
            return in.readNBytes(64 * 1024);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static ProdguardException held(String scope, LockHolder cur, Instant now, Duration staleAfter) {
        long ago = Math.max(0, Duration.between(cur.heartbeat(), now).toSeconds());
        return new ProdguardException(ErrorCode.LOCKED, "another prodguard operation holds the '" + scope + "' lock: "
                + cur.describe() + ", last heartbeat " + ago + "s ago; wait for it to finish (if that process is gone,"
                + " its lock is taken over automatically once its heartbeat is older than " + human(staleAfter) + ")");
    }

    private static String takeoverNotice(String scope, LockHolder cur, Instant now, Duration staleAfter, boolean dead) {
        if (cur == null) {
            return "took over the '" + scope + "' lock: the lock file was unreadable (not written by prodguard)";
        }
        String why = dead ? "that process no longer exists on this host"
                : "its last heartbeat was " + Duration.between(cur.heartbeat(), now).toSeconds() + "s ago (stale after "
                        + human(staleAfter) + "), so it presumably crashed";
        return "took over the '" + scope + "' lock from " + cur.describe() + ": " + why;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
    }

    @Override
    public String takeoverNotice() {
        return notice;
    }

    /** Refreshes the heartbeat now; marks the lock lost when another process replaced it. */
    synchronized void heartbeatNow() throws IOException {
        if (released || lost) {
            return;
        }
        byte[] raw = read(storage, key);
        LockHolder cur = raw == null ? null : LockHolder.parse(raw);
        if (cur == null || !cur.token().equals(me.token())) {
            lost = true;
            LOG.warn("the '{}' lock was taken over by {}; this operation no longer holds it", me.scope(),
                    cur == null ? "nobody (it was deleted)" : cur.describe());
            return;
        }
        me = me.withHeartbeat(clock.instant());
        storage.overwrite(key, me.toJson());
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

    @Override
    public void ensureHeld() {
        if (lost) {
            throw new ProdguardException(ErrorCode.LOCKED, "the '" + me.scope() + "' lock was taken over by another"
                    + " process because this operation's heartbeat stalled; stopping without committing more");
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
