package dev.prodguard.testing;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage that behaves like an S3 bucket with Object Lock on top of a real one: each key has a retention date
 * (set by {@link #retainUntil}, never shortened), deleting a key before its date is refused as the store refuses it
 * (403: {@link AccessDeniedException}), and every retention request is recorded. s3proxy refuses lock-enabled
 * buckets, so this is how the lock rules are tested.
 */
public class LockingStorage extends ForwardingStorage {
    private final Duration period;
    private final Clock clock;
    /** Key to retention date: what the store holds. */
    public final Map<String, Instant> retention = new ConcurrentHashMap<>();

    public LockingStorage(Storage inner, Duration period, Clock clock) {
        super(inner);
        this.period = period;
        this.clock = clock;
    }

    @Override
    public Duration objectLockPeriod() {
        return period;
    }

    @Override
    public Instant retainedUntil(String key) {
        return retention.get(key);
    }

    @Override
    public void retainUntil(String key, Instant until) {
        retention.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public void delete(String key) throws IOException {
        Instant held = retention.get(key);
        if (held != null && held.isAfter(clock.instant())) {
            throw new AccessDeniedException(key, null, "Access Denied: object is WORM protected until " + held);
        }
        super.delete(key);
        retention.remove(key);
    }
}
