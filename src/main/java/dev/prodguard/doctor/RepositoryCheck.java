package dev.prodguard.doctor;

import dev.prodguard.repo.Storage;
import dev.prodguard.repo.s3.S3Options;
import dev.prodguard.repo.s3.S3Probe;
import dev.prodguard.repo.s3.S3Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The repository layer of {@code doctor}: whether the backup repository's storage answers, the credentials are
 * accepted, a probe object can be written, read back and deleted, create-only-if-absent is enforced, Object Lock
 * is available (S3) and the store's clock agrees with this machine's. Runs whatever the database layers found.
 */
public final class RepositoryCheck {
    /** Beyond this the store's clock and ours disagree enough to matter: S3 refuses signatures 15 min off. */
    static final Duration SKEW_LIMIT = Duration.ofMinutes(5);
    static final String PROBE = "doctor/probe-";

    static final String UNREACHABLE = "Check PRODGUARD_S3_ENDPOINT (and PRODGUARD_S3_REGION), the network and the"
            + " provider's status page; for a directory, check that PRODGUARD_REPO is mounted.";
    static final String CREDENTIALS = "Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the AWS profile or instance"
            + " role) and give them s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on the bucket.";
    static final String NO_BUCKET = "Create the bucket (prodguard never creates buckets) or fix the bucket name in"
            + " PRODGUARD_REPO.";
    static final String WRITE = "Make the repository writable for this user and check free space (a directory), or the"
            + " credentials' write permissions (a bucket).";
    static final String CONDITIONAL = "This provider ignores If-None-Match: set PRODGUARD_S3_CONDITIONAL_WRITES=off so"
            + " that prodguard checks, writes and reads back instead.";
    static final String LOCK = "Create a bucket with Object Lock enabled (it cannot be switched on later on most"
            + " providers) or set PRODGUARD_S3_OBJECT_LOCK=off.";
    static final String SKEW = "Synchronise this machine's clock (e.g. systemd-timesyncd or chrony): object stores"
            + " refuse requests signed more than 15 minutes off.";

    private final Storage storage;
    private final Storage probe;
    private final Clock clock;

    public RepositoryCheck(Storage storage, Clock clock) {
        this.storage = storage;
        this.probe = storage.forLocks(); // the probe object is never under Object Lock: it is deleted at once
        this.clock = clock;
    }

    /** Runs every check of the layer. */
    public LayerResult run() {
        long start = System.nanoTime();
        List<Check> items = new ArrayList<>();
        String where = storage.describe();
        if (storage instanceof S3Storage s3) {
            S3Probe.Answer bucket = new S3Probe(s3).bucket();
            if (!bucket.ok()) {
                items.add(Check.fail("reachable", bucket.detail(), Doctor.millisSince(start)));
                String remedy = bucket.status() == 403 ? CREDENTIALS : bucket.status() == 404 ? NO_BUCKET : UNREACHABLE;
                return LayerResult.fail(Layer.REPOSITORY, where + ": " + bucket.detail(), remedy,
                        Doctor.millisSince(start), items);
            }
            items.add(Check.pass("reachable", "the bucket answers and the credentials are accepted", Doctor.millisSince(start)));
        } else if (!exists()) {
            return LayerResult.notChecked(Layer.REPOSITORY, where + ": no repository yet (the first backup creates it)");
        }
        String key = PROBE + UUID.randomUUID();
        byte[] data = ("prodguard doctor probe " + clock.instant()).getBytes(StandardCharsets.UTF_8);
        long t = System.nanoTime();
        Instant before = clock.instant();
        try {
            if (!probe.putIfAbsent(key, data)) {
                throw new IOException("the probe key existed already");
            }
            Instant after = clock.instant();
            try (InputStream in = probe.get(key)) {
                if (!java.util.Arrays.equals(in.readAllBytes(), data)) {
                    throw new IOException("read back other bytes than were written");
                }
            }
            items.add(Check.pass("write, read", "a probe object written and read back", Doctor.millisSince(t)));
            t = System.nanoTime();
            boolean second = probe.putIfAbsent(key, "second".getBytes(StandardCharsets.UTF_8));
            if (second) {
                items.add(Check.fail("conditional create", "a second create of the same key succeeded: the store ignores"
                        + " If-None-Match", Doctor.millisSince(t)));
            } else {
                items.add(Check.pass("conditional create", conditionalDetail(), Doctor.millisSince(t)));
            }
            Instant stored = probe.lastModified(key);
            items.add(skew(stored, before, after));
            t = System.nanoTime();
            probe.delete(key);
            items.add(probe.exists(key) ? Check.fail("delete", "the probe object is still there", Doctor.millisSince(t))
                    : Check.pass("delete", "the probe object deleted", Doctor.millisSince(t)));
        } catch (IOException | RuntimeException e) {
            items.add(Check.fail("write, read, delete", String.valueOf(e.getMessage()), Doctor.millisSince(t)));
            String m = String.valueOf(e.getMessage());
            String remedy = e instanceof java.nio.file.AccessDeniedException || m.contains("403") ? CREDENTIALS : WRITE;
            return LayerResult.fail(Layer.REPOSITORY, where + ": cannot write, read and delete a probe object: " + m,
                    remedy, Doctor.millisSince(start), items);
        }
        if (storage instanceof S3Storage s3) {
            items.add(objectLock(s3));
        }
        return finish(where, items, start);
    }

    private String conditionalDetail() {
        if (storage instanceof S3Storage s3) {
            return s3.conditionalWrites() ? "If-None-Match: * is enforced"
                    : "enforced by check, write and read back (the store does not implement If-None-Match)";
        }
        return "enforced (hard link)";
    }

    private Check skew(Instant stored, Instant before, Instant after) {
        // the store's second-precision time of the write must fall within our before..after, give or take a second
        Duration skew = stored.isBefore(before.minusSeconds(1)) ? Duration.between(stored, before)
                : stored.isAfter(after.plusSeconds(1)) ? Duration.between(after, stored) : Duration.ZERO;
        String detail = skew.isZero() ? "the store's clock agrees with this machine's"
                : "the store's clock is " + skew.toSeconds() + " s " + (stored.isBefore(before) ? "behind" : "ahead of")
                        + " this machine's";
        return skew.compareTo(SKEW_LIMIT) > 0 ? Check.fail("clock skew", detail, -1) : Check.pass("clock skew", detail, -1);
    }

    private static Check objectLock(S3Storage s3) {
        long t = System.nanoTime();
        S3Probe.Answer lock = new S3Probe(s3).objectLock();
        boolean wanted = s3.options().lockMode() != S3Options.LockMode.OFF;
        if (lock.ok()) {
            return Check.pass("object lock", lock.detail() + (wanted ? "; prodguard locks every object in "
                    + s3.options().lockMode().name().toLowerCase(java.util.Locale.ROOT) + " mode" : "; prodguard does not"
                    + " use it (PRODGUARD_S3_OBJECT_LOCK=off)"), Doctor.millisSince(t));
        }
        return wanted ? Check.fail("object lock", lock.detail() + " but PRODGUARD_S3_OBJECT_LOCK is "
                + s3.options().lockMode().name().toLowerCase(java.util.Locale.ROOT), Doctor.millisSince(t))
                : new Check("object lock", Status.NOT_CHECKED, lock.detail() + " (optional: PRODGUARD_S3_OBJECT_LOCK)",
                        Doctor.millisSince(t));
    }

    private LayerResult finish(String where, List<Check> items, long start) {
        Check failed = items.stream().filter(c -> c.status() == Status.FAIL).findFirst().orElse(null);
        if (failed == null) {
            return LayerResult.pass(Layer.REPOSITORY, where + ": writable, conditional create enforced",
                    Doctor.millisSince(start), items);
        }
        String remedy = switch (failed.name()) {
            case "conditional create" -> CONDITIONAL;
            case "object lock" -> LOCK;
            case "clock skew" -> SKEW;
            default -> WRITE;
        };
        return LayerResult.fail(Layer.REPOSITORY, where + ": " + failed.name() + ": " + failed.detail(), remedy,
                Doctor.millisSince(start), items);
    }

    private boolean exists() {
        try {
            return !storage.list("").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
