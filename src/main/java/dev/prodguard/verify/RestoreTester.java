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
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;

/**
 * Proves a snapshot restorable: restores it into a scratch database {@code prodguard_verify_<ts>},
 * compares every collection's count and content hash with the manifest, evaluates the user's
 * invariants there, drops the scratch database, and records the outcome as {@code verify/last}.
 */
public final class RestoreTester {
    /** The repository record holding the last restore test's outcome (JSON). */
    public static final String RECORD = "verify/last";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final MongoClient client;
    private final Repository repo;
    private final RestoreOptions options;
    private final Clock clock;

    public RestoreTester(MongoClient client, Repository repo, RestoreOptions options, Clock clock) {
        this.client = client;
        this.repo = repo;
        this.options = options;
        this.clock = clock;
    }

    /** Runs the restore test of snapshot {@code idOrLatest} with the given invariants. */
    public RestoreTestReport run(String idOrLatest, List<Invariant> invariants) {
        long start = System.nanoTime();
        SnapshotManifest m = new SnapshotCatalog(repo).resolve(idOrLatest);
        String scratch = "prodguard_verify_" + STAMP.format(clock.instant());
        RestorePlan plan = RestorePlanner.plan(m, RestoreRequest.defaults().withTargetDb(scratch), clock);
        MongoDatabase db = client.getDatabase(scratch);
        try {
            new RestoreExecutor(client, repo, options, clock).execute(plan);
            List<RestoreTestReport.CollectionCheck> checks = new ArrayList<>();
            for (CollectionEntry c : plan.collections()) {
                ContentHash h = hash(db, c.name());
                checks.add(new RestoreTestReport.CollectionCheck(c.name(), c.documents(), h.documents(),
                        c.contentHash(), h.hex()));
            }
            List<RestoreTestReport.InvariantCheck> results = Invariants.evaluate(db, invariants);
            RestoreTestReport report = new RestoreTestReport(m.id(), scratch, clock.instant().toString(), m.documents(),
                    (System.nanoTime() - start) / 1_000_000, checks, results);
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

    /** The content hash of a collection as the database returns it now. */
    public static ContentHash hash(MongoDatabase db, String collection) {
        ContentHash h = new ContentHash();
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
            repo.putRecord(RECORD, new ObjectMapper().writeValueAsBytes(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
