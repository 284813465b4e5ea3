package dev.prodguard.capture;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.SnapshotOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;

/** Runs {@link CaptureService} on a thread of the test JVM and restores from what it committed. */
public final class CaptureHarness implements AutoCloseable {
    public static final CaptureService.Timing FAST = new CaptureService.Timing(Duration.ofMillis(200), Duration.ofMillis(300),
            Duration.ofMillis(20), Duration.ofSeconds(60), Duration.ofMillis(500));

    final MongoClient client;
    final Repository repo;
    final String db;
    public final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private CompletableFuture<CaptureService.Summary> running;

    public CaptureHarness(MongoClient client, Repository repo, String db) {
        this.client = client;
        this.repo = repo;
        this.db = db;
    }

    /** Starts capture with the given opener (null: the real one). */
    public CaptureHarness start(CaptureService.SourceOpener opener) {
        return start(opener, FAST);
    }

    /** Starts capture with the given opener (null: the real one) and timing. */
    public CaptureHarness start(CaptureService.SourceOpener opener, CaptureService.Timing timing) {
        stop.set(false);
        CaptureService service = new CaptureService(client, repo, db, timing, SnapshotOptions.defaults(), Clock.systemUTC(),
                CaptureService.Pause.SLEEP).log(log::add);
        if (opener != null) {
            service.opener(opener);
        }
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return service.run(stop::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    /** Waits until capture has an anchored snapshot in its current run. */
    public CaptureHarness awaitSnapshot() {
        await().atMost(Duration.ofSeconds(30)).until(() -> CaptureHistory.load(repo, db).currentRunHasSnapshot());
        return this;
    }

    /** Waits until this run of capture has taken its own snapshot. */
    public CaptureHarness awaitNewSnapshot() {
        await().atMost(Duration.ofSeconds(30)).until(() -> log.stream().anyMatch(l -> l.startsWith("snapshot ") && l.contains(" taken")));
        return this;
    }

    /** Waits until everything up to {@code t} is committed. */
    public void awaitCovered(Instant t) {
        awaitCovered(t, Duration.ofSeconds(30));
    }

    /**
     * Waits until everything up to {@code t} is committed, writing one change to {@code later} per poll. A run is
     * covered through the last committed event's cluster-time second only once a change of a later second (or the
     * capture tip) is committed, and on S3 an idle database's tip is written every 30 s: one change made right after
     * {@code t} can share its second, so a single write does not always end the wait. The changes come after
     * {@code t}, so a restore to {@code t} does not include them.
     */
    public void awaitCoveredWriting(Instant t, com.mongodb.client.MongoCollection<org.bson.Document> later) {
        try {
            awaitCoveredWriting(repo, db, t, later, Duration.ofSeconds(60));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            awaitCovered(t, Duration.ZERO.plusMillis(1)); // throws with the run, the tip and the log
        }
    }

    /** {@link #awaitCoveredWriting(Instant, com.mongodb.client.MongoCollection)} for any capture of {@code db} into {@code repo}. */
    public static void awaitCoveredWriting(Repository repo, String db, Instant t,
            com.mongodb.client.MongoCollection<org.bson.Document> later, Duration max) {
        await().atMost(max).pollInterval(Duration.ofMillis(250)).until(() -> {
            later.insertOne(new org.bson.Document());
            CaptureTimeline.Run r = CaptureHistory.load(repo, db).currentRun();
            return r != null && !r.coveredUntil().isBefore(t);
        });
    }

    /** The collection {@link #awaitCaughtUp} writes its markers into (part of the data: restores hold it too). */
    public static final String MARKERS = "test_markers";
    private final java.util.concurrent.atomic.AtomicLong markers = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Writes a marker document and waits until capture has committed it, so every change made before it has been
     * read (on the embedded server with the post-image capture looks up for it, which would show later writes)
     * before the caller writes again. A condition to wait on, not a pause.
     */
    public void awaitCaughtUp() {
        long n = markers.incrementAndGet();
        client.getDatabase(db).getCollection(MARKERS).insertOne(new org.bson.Document("_id", n));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<SegmentManifest> segments = SegmentReader.list(repo, db);
            for (SegmentManifest m : segments.subList(Math.max(0, segments.size() - 3), segments.size())) {
                for (ChangeEvent e : SegmentReader.events(repo, m)) {
                    if (e instanceof ChangeEvent.Insert i && MARKERS.equals(i.meta().ns().coll())
                            && i.documentKey().get("_id").isNumber() && i.documentKey().get("_id").asNumber().longValue() == n) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** Waits at most {@code max} until everything up to {@code t} is committed. */
    public void awaitCovered(Instant t, Duration max) {
        try {
            await().atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> {
                CaptureTimeline.Run r = CaptureHistory.load(repo, db).currentRun();
                return r != null && !r.coveredUntil().isBefore(t);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            CaptureTimeline.Run r = CaptureHistory.load(repo, db).currentRun();
            throw new AssertionError("history not covered until " + t + "; current run "
                    + (r == null ? "none" : "to " + r.coveredUntil() + " tip " + r.tip() + " last segment "
                    + r.segments().get(r.segments().size() - 1)) + "; tip record " + dev.prodguard.capture.SegmentReader.tip(repo, db)
                    + "; log " + log, e);
        }
    }

    public CaptureService.Summary stop() throws Exception {
        stop.set(true);
        return running.get();
    }

    /** Restores {@code to} into a fresh database and returns its name. */
    public String restore(RestorePoint to, String target) {
        PointInTimePlanner.PointInTimePlan p = PointInTimePlanner.plan(repo, db, to, RestoreRequest.defaults().withTargetDb(target),
                Clock.systemUTC());
        new RestoreExecutor(client, repo, RestoreOptions.defaults(), Clock.systemUTC()).execute(p.plan());
        return target;
    }

    /** Non-empty collections (the embedded server creates empty ones on no-op writes) as canonical JSON sorted by _id. */
    public static Map<String, List<String>> contents(MongoClient client, String db) {
        Map<String, List<String>> out = new TreeMap<>();
        MongoDatabase d = client.getDatabase(db);
        for (String coll : d.listCollectionNames()) {
            if (coll.startsWith("system.") || coll.equals(CaptureProbe.HEARTBEAT_COLLECTION)) {
                continue;
            }
            List<String> docs = new ArrayList<>();
            d.getCollection(coll, BsonDocument.class).find().forEach(doc -> docs.add(doc.toJson()));
            if (!docs.isEmpty()) {
                docs.sort(null);
                out.put(coll, docs);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (running != null && !running.isDone()) {
            stop();
        }
    }
}
