package dev.prodguard.status;

import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.CaptureTip;
import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentMemo;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import dev.prodguard.verify.RestoreTestRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * What the repository says about protection, read fresh on every call (so it holds whether capture, backups
 * and restore tests run inside the guardian or as separate processes): the one home of the status that
 * {@code status} (text and {@code --json}), {@code /api/status}, the guardian's repository checks behind
 * {@code /health}'s alerts, {@code check} and a dashboard show. Reads manifests and records only, never data
 * objects; the caller keeps the repository open.
 */
public final class StatusService {
    private final Repository repo;
    private final Path stateDir;
    private final SegmentMemo memo; // null: read every segment manifest each time

    /** Reads {@code repo}; the last restore test may also be in {@code stateDir} (null: only the repository's record). */
    public StatusService(Repository repo, Path stateDir) {
        this(repo, stateDir, null);
    }

    private StatusService(Repository repo, Path stateDir, SegmentMemo memo) {
        this.repo = repo;
        this.stateDir = stateDir;
        this.memo = memo;
    }

    /**
     * A service for a long-lived caller (the dashboard) that keeps the committed segment manifests it has read
     * ({@link SegmentMemo}): its reports are a fresh service's, without re-reading the whole captured history.
     */
    public static StatusService remembering(Repository repo, Path stateDir) {
        return new StatusService(repo, stateDir, new SegmentMemo());
    }

    /** Where the repository is, for messages. */
    public String location() {
        return repo.location();
    }

    /** The repository, its snapshots, what is restorable, capture per database, the last restore test and the running operation. */
    public StatusReport report() {
        return report(memo);
    }

    private StatusReport report(SegmentMemo memo) {
        List<SnapshotManifest> all = new SnapshotCatalog(repo).all();
        List<RestoreWindow> windows = new ArrayList<>();
        for (SnapshotManifest m : all) { // each snapshot is restorable as of its finish (safety snapshots labelled so)
            windows.add(new RestoreWindow(m.isSafety() ? "safety snapshot" : "snapshot", Instants.jsonIso(m.finishedAt()),
                    Instants.jsonIso(m.finishedAt()),
                    m.id(), m.db()));
        }
        windows.addAll(CaptureHistory.windows(repo, memo));
        windows.sort(RestoreWindow.BY_START);
        List<StatusReport.Capture> capture = new ArrayList<>();
        for (String db : SegmentReader.databases(repo)) {
            capture.add(new StatusReport.Capture(db, CaptureState.read(repo, db), repo.lockInfo("capture:" + db)));
        }
        return new StatusReport(repo.location(), repo.encrypted(), all, windows, capture, lastRestoreTest(),
                repo.lockInfo("repo"), null, null);
    }

    /**
     * {@link #report()} with its costs as of {@code now}: object-storage requests of the last day, database
     * reads of the last 7 days against {@code budgetMb}, Object Lock. {@code status} and {@code /api/status} print this.
     */
    public StatusReport reportWithCosts(java.time.Instant now, long budgetMb) {
        SegmentMemo segments = memo != null ? memo : new SegmentMemo(); // the windows and the costs read them once
        StatusReport r = report(segments);
        return r.withCosts(dev.prodguard.cost.CostReport.of(repo, r.snapshots(), stateDir, now, budgetMb, segments));
    }

    /**
     * The newest committed segment of {@code db} (or the capture tip that extends it, when capture committed
     * an idle stretch there) with the capture status record, or null when no change of it was ever committed.
     * Reads one manifest (ids sort by sequence) and the tip record.
     */
    public CaptureFacts capture(String db) {
        List<String> ids = SegmentReader.ids(repo, db);
        if (ids.isEmpty()) {
            return null;
        }
        SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, ids.get(ids.size() - 1)));
        CaptureTip tip = SegmentReader.tip(repo, db);
        if (tip != null && tip.extendsSegment(m.seq()) && tip.committedAt().isAfter(m.committedAt())) {
            // an idle database: capture advances the tip instead of writing empty segments
            BsonTimestamp t = tip.position().clusterTime();
            return new CaptureFacts(m.seq(), tip.committedAt(), Instant.ofEpochSecond(t.getTime()), CaptureState.read(repo, db));
        }
        return new CaptureFacts(m.seq(), m.committedAt(), changesUpTo(m), CaptureState.read(repo, db));
    }

    private static Instant changesUpTo(SegmentManifest m) {
        if (m.lastWallTime() != null) {
            return m.lastWallTime();
        }
        BsonTimestamp t = m.position() == null ? null : m.position().clusterTime();
        return t == null ? null : Instant.ofEpochSecond(t.getTime());
    }

    /** The newest committed snapshot of {@code db}, or null when there is none. Reads manifests newest first. */
    public SnapshotManifest newestSnapshot(String db) {
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        List<String> ids = catalog.ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            SnapshotManifest m = catalog.load(ids.get(i));
            if (m.db().equals(db)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The last restore test (the newer of the repository's record and the state directory's file), or null when none was recorded.
     *
     * @throws ProdguardException REPOSITORY when the record is unreadable
     */
    public RestoreTestRecord lastRestoreTest() {
        return RestoreTestRecord.newest(repo, stateDir);
    }

    /**
     * The history of {@code db} on one time axis ending {@code now}: its snapshots (safety ones included), restorable
     * windows and gaps, change volume in at most {@code buckets} buckets, capture's lag per segment (at most
     * {@link #LAG_POINTS}, the newest), and the wipe alerts among {@code alerts} as incidents.
     */
    public TimelineReport timeline(String db, java.util.List<dev.prodguard.alert.Alert> alerts, Instant now, int buckets) {
        dev.prodguard.capture.CaptureTimeline t = CaptureHistory.load(repo, db, memo);
        List<SnapshotManifest> snapshots = new SnapshotCatalog(repo).all().stream().filter(m -> m.db().equals(db)).toList();
        List<RestoreWindow> windows = new ArrayList<>();
        t.windows().forEach(windows::add);
        windows.sort(RestoreWindow.BY_START);
        List<SegmentManifest> segments = t.runs().stream().flatMap(r -> r.segments().stream()).toList();
        Instant from = null;
        for (SnapshotManifest m : snapshots) {
            from = earlier(from, m.finished());
        }
        for (SegmentManifest m : segments) {
            from = earlier(from, m.firstWallTime() != null ? m.firstWallTime() : m.committedAt());
        }
        java.time.Duration bucket = from == null ? java.time.Duration.ofMinutes(1)
                : bucketFor(java.time.Duration.between(from, now), buckets);
        java.util.TreeMap<Instant, Long> volume = new java.util.TreeMap<>();
        List<TimelineReport.Lag> lag = new ArrayList<>();
        for (SegmentManifest m : segments) {
            if (m.events() > 0 && m.lastWallTime() != null) {
                Instant at = m.firstWallTime() != null ? m.firstWallTime() : m.lastWallTime();
                volume.merge(from.plusMillis((java.time.Duration.between(from, at).toMillis() / bucket.toMillis())
                        * bucket.toMillis()), m.events(), Long::sum);
                lag.add(new TimelineReport.Lag(m.committedAt(), Math.max(0, java.time.Duration.between(m.lastWallTime(),
                        m.committedAt()).toMillis())));
            }
        }
        List<TimelineReport.Incident> incidents = new ArrayList<>();
        for (dev.prodguard.alert.Alert a : alerts) {
            if (a.ruleId().equals(dev.prodguard.alert.WipeAlert.RULE) && db.equals(a.details().get("database"))) {
                incidents.add(incident(a));
            }
        }
        incidents.sort(java.util.Comparator.comparing(TimelineReport.Incident::at));
        return new TimelineReport(db, from, now, snapshots, windows, bucket, volume.entrySet().stream()
                .map(e -> new TimelineReport.Volume(e.getKey(), e.getValue())).toList(),
                lag.subList(Math.max(0, lag.size() - LAG_POINTS), lag.size()), incidents);
    }

    /** The most lag points {@link #timeline} returns. */
    public static final int LAG_POINTS = 2000;

    private static TimelineReport.Incident incident(dev.prodguard.alert.Alert a) {
        Object point = a.details().get("incident");
        Instant before = null;
        try {
            before = Instant.parse(String.valueOf(a.details().get("restore point just before")));
        } catch (RuntimeException e) {
            // "none: ..." when the point was not restorable
        }
        String p = point != null ? String.valueOf(point) : before != null ? before.toString() : null;
        return new TimelineReport.Incident(a.openedAt(), a.title(), p, before, a.state().active());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** The smallest round bucket (1 s, 10 s, 1 min, 10 min, 1 h, 6 h, 1 day) that cuts {@code span} into at most {@code n}. */
    static java.time.Duration bucketFor(java.time.Duration span, int n) {
        for (long s : new long[] {1, 10, 60, 600, 3600, 6 * 3600, 86_400}) {
            if (span.getSeconds() / s < n) {
                return java.time.Duration.ofSeconds(s);
            }
        }
        return java.time.Duration.ofDays(Math.max(1, span.toDays() / n + 1));
    }

    /** Free and total space of the repository's storage ({@code -1}s when the backend cannot tell). */
    public Capacity capacity() {
        try {
            return new Capacity(repo.storage().usableSpace(), repo.storage().totalSpace());
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot read the free space of " + repo.location() + ": "
                    + e.getMessage() + "; check that the repository's filesystem is mounted", e);
        }
    }
}
