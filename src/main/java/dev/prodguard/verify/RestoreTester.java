package dev.prodguard.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlan;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ContentHash;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.RawBsonDocument;

/**
 * Proves a snapshot restorable: restores it into a scratch database {@code prodguard_verify_<ts>},
 * compares every collection's count and content hash with the manifest, replays captured changes up
 * to the snapshot's finish when capture covers it (see {@link SnapshotConsistency}), evaluates the
 * user's invariants there, drops the scratch database, and records the outcome as {@code verify/last} (or, on a
 * read-only repository, in the state directory: {@link RestoreTestRecord}).
 */
public final class RestoreTester {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final MongoClient client;
    private final Repository repo;
    private final RestoreOptions options;
    private final Clock clock;
    private Duration captureWait = Duration.ofSeconds(10);
    private java.nio.file.Path stateDir;
    private RestoreTestRecord.Stored recorded;

    public RestoreTester(MongoClient client, Repository repo, RestoreOptions options, Clock clock) {
        this.client = client;
        this.repo = repo;
        this.options = options;
        this.clock = clock;
    }

    /** How long to wait for running capture to commit up to a just-finished snapshot (default 10 s). */
    public RestoreTester captureWait(Duration d) {
        this.captureWait = d;
        return this;
    }

    /** Where the outcome goes when the repository cannot be written (read-only): this state directory. */
    public RestoreTester fallbackTo(java.nio.file.Path dir) {
        this.stateDir = dir;
        return this;
    }

    /** Where the last {@link #run}'s outcome was recorded, and why not in the repository if so. */
    public RestoreTestRecord.Stored recorded() {
        return recorded;
    }

    /**
     * Runs the restore test of snapshot {@code idOrLatest} with the given invariants: restore the
     * snapshot alone and compare every collection with its manifest (the manifest hashes what was read);
     * then, when capture covers the snapshot's finish, replay the captured changes up to that instant
     * and evaluate the invariants on that point-consistent state; otherwise evaluate them on the
     * snapshot alone and say so in the report.
     */
    public RestoreTestReport run(String idOrLatest, List<Invariant> invariants) {
        return run(new SnapshotCatalog(repo).resolve(idOrLatest), invariants);
    }

    /**
     * As {@link #run(String, List)} for snapshot {@code idOrLatest} of database {@code db} ("latest": its
     * newest regular snapshot; safety snapshots are restore-tested only when named by id).
     */
    public RestoreTestReport run(String db, String idOrLatest, List<Invariant> invariants) {
        return run(new SnapshotCatalog(repo).resolve(idOrLatest, db), invariants);
    }

    private RestoreTestReport run(SnapshotManifest m, List<Invariant> invariants) {
        long start = System.nanoTime();
        SnapshotConsistency consistency = consistency(m);
        String scratch = "prodguard_verify_" + STAMP.format(clock.instant());
        RestorePlan plan = RestorePlanner.plan(m, RestoreRequest.defaults().withTargetDb(scratch), clock);
        MongoDatabase db = client.getDatabase(scratch);
        try {
            new RestoreExecutor(client, repo, options, clock).execute(plan);
            List<RestoreTestReport.CollectionCheck> checks = new ArrayList<>();
            for (CollectionEntry c : plan.collections()) {
                ContentHash h = hash(db, c.name(), m.format());
                checks.add(new RestoreTestReport.CollectionCheck(c.name(), c.documents(), h.documents(),
                        c.contentHash(), h.hex()));
            }
            RestoreTestReport.Consistency state = bringToConsistentPoint(consistency, scratch);
            List<RestoreTestReport.InvariantCheck> results = new ArrayList<>();
            for (Invariant inv : invariants) {
                RestoreTestReport.InvariantCheck r = Invariants.evaluate(db, inv);
                if (!r.ok() && !state.pointInTime()) {
                    r = new RestoreTestReport.InvariantCheck(r.name(), false, r.detail() + " (evaluated on the snapshot"
                            + " alone, which is not point-consistent across collections if the database was written to"
                            + " while it was read: " + state.note() + ")");
                }
                results.add(r);
            }
            RestoreTestReport report = new RestoreTestReport(m.id(), scratch, clock.instant().toString(), m.documents(),
                    (System.nanoTime() - start) / 1_000_000, checks, results, state);
            record(report);
            return report;
        } finally {
            try {
                db.drop();
            } catch (MongoException ignored) {
                // the outcome matters more; a leftover scratch database is named prodguard_verify_*
            }
        }
    }

    /** How far the snapshot can be made consistent, waiting briefly when capture is just behind its finish. */
    private SnapshotConsistency consistency(SnapshotManifest m) {
        SnapshotConsistency c = SnapshotConsistency.of(repo, m);
        long deadline = System.nanoTime() + captureWait.toNanos();
        while (c.kind() == SnapshotConsistency.Kind.NOT_YET_COVERED && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250); // capture commits about every second; this wait is bounded by captureWait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            c = SnapshotConsistency.of(repo, m);
        }
        return c;
    }

    /** Replays captured changes up to the snapshot's finish when capture covers it; says what state the scratch database holds. */
    private RestoreTestReport.Consistency bringToConsistentPoint(SnapshotConsistency c, String scratch) {
        if (c.replayable()) {
            ConsistentReplay.Outcome o = ConsistentReplay.run(client, repo, c, scratch);
            return new RestoreTestReport.Consistency("point-in-time", c.consistentAt().toString(), o.stats().applied(),
                    o.changesDuringRead(), "snapshot plus " + o.stats().applied() + " captured change(s) replayed up to its"
                    + " finish " + Instants.human(c.consistentAt()) + " (" + o.changesDuringRead() + " of them while it was read"
                    + (o.stats().conflicts() > 0 ? "; " + o.stats().conflicts() + " rejected by the database, see the log" : "")
                    + ")");
        }
        return new RestoreTestReport.Consistency("snapshot-only", null, 0, -1, String.format(Locale.ROOT,
                "no captured changes cover snapshot %s (%s), so it could not be replayed to one instant; its collections"
                + " were read one after another over %s and cross-collection invariants may not hold if the database"
                + " was written to meanwhile; keep 'prodguard capture' (or the guardian) running to make this check"
                + " conclusive", c.snapshot().id(), c.reason(), Durations.millis(c.snapshot().durationMillis())));
    }

    /** The content hash of a collection as the database returns it now, as manifests of {@code manifestFormat} define it. */
    public static ContentHash hash(MongoDatabase db, String collection, int manifestFormat) {
        ContentHash h = ContentHash.forFormat(manifestFormat);
        try (MongoCursor<RawBsonDocument> cur = db.getCollection(collection, RawBsonDocument.class).find()
                .batchSize(1000).iterator()) {
            while (cur.hasNext()) {
                ByteBuffer b = cur.next().getByteBuffer().asNIO();
                h.add(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
        }
        return h;
    }

    private void record(RestoreTestReport report) {
        try {
            recorded = RestoreTestRecord.store(repo, stateDir, new ObjectMapper().writeValueAsBytes(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
