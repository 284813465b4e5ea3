package dev.prodguard.cost;

import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentMemo;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.s3.RequestMeter;
import dev.prodguard.repo.s3.UsageLog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What protection costs, for {@code status} and the guardian: the object-storage requests and bytes of the last day
 * (every prodguard process of this machine, from the state directory's usage logs), what prodguard read from the
 * database in the last 7 days (snapshots and captured changes, as raw BSON: a lower bound of the transfer, without
 * the wire protocol's overhead) against a budget (Atlas M0 caps transfer at 10 GB per 7 days), and how long S3 Object
 * Lock holds the newest and oldest snapshot.
 */
public record CostReport(RequestMeter.Usage lastDay, long readLast7Days, long budgetBytes, String lockMode,
        Instant newestLockedUntil, Instant oldestLockedUntil) {
    /** The share of the budget at which status and the guardian warn. */
    public static final double WARN_AT = 0.8;
    static final Duration WEEK = Duration.ofDays(7);

    /** Whether the read volume reached {@link #WARN_AT} of a set budget. */
    public boolean overBudgetWarning() {
        return budgetBytes > 0 && readLast7Days >= WARN_AT * budgetBytes;
    }

    /** Reads the report; {@code budgetMb} 0 turns the budget off. Reads snapshot manifests and the last week's segments. */
    public static CostReport of(Repository repo, List<SnapshotManifest> snapshots, Path stateDir, Instant now, long budgetMb) {
        return of(repo, snapshots, stateDir, now, budgetMb, new SegmentMemo());
    }

    /** As above, reading segment manifests through {@code segments} (what the caller has read already is not read again). */
    public static CostReport of(Repository repo, List<SnapshotManifest> snapshots, Path stateDir, Instant now, long budgetMb,
            SegmentMemo segments) {
        dev.prodguard.repo.s3.S3Backend.meter().flushLog(); // this process's own requests count too
        RequestMeter.Usage usage = stateDir == null ? RequestMeter.Usage.NONE : UsageLog.since(stateDir, now.minus(Duration.ofHours(24)));
        long read = readSince(repo, snapshots, now.minus(WEEK), segments);
        String mode = null;
        Instant newest = null;
        Instant oldest = null;
        Duration lock = repo.storage().objectLockPeriod();
        if (lock != null && !snapshots.isEmpty()) {
            mode = lock.toDays() + " days";
            newest = retained(repo, snapshots.get(snapshots.size() - 1).id());
            oldest = retained(repo, snapshots.get(0).id());
        }
        return new CostReport(usage, read, budgetMb * 1024 * 1024, mode, newest, oldest);
    }

    private static Instant retained(Repository repo, String snapshotId) {
        try {
            return repo.storage().retainedUntil(Repository.manifestStorageKey(SnapshotManifest.KIND, snapshotId));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Raw bytes of snapshots finished and segments committed since {@code since}. Every segment manifest is read
     * (through {@code segments}): with the default retention of changes, a week, they all are recent. A damaged one
     * counts nothing here; {@code verify} reports it.
     */
    static long readSince(Repository repo, List<SnapshotManifest> snapshots, Instant since, SegmentMemo segments) {
        long total = 0;
        for (SnapshotManifest m : snapshots) {
            if (!m.finished().isBefore(since)) {
                total += m.rawBytes();
            }
        }
        for (String db : SegmentReader.databases(repo)) {
            for (SegmentManifest m : segments.list(repo, db)) {
                if (!m.committedAt().isBefore(since)) {
                    total += m.object() == null ? 0 : m.object().rawBytes();
                }
            }
        }
        return total;
    }
}
