package dev.prodguard.verify;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentWriter;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.Document;

/**
 * A captured history written by the real {@link SegmentWriter} on a {@link MutableClock}, so its times are
 * exact: segment 1 at 10:00:01 (position 10:00:00), a real snapshot of the database at 10:00:02 anchored
 * after segment 1, then segments 2..n every 5 s (segment k's events at 10:00:00 + 5(k-1) s), then the
 * capture tip 30 s after the last event and the capture status record, as capture leaves them.
 */
final class GeneratedHistory {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final Path repoDir;
    final Repository repo;
    final String db;
    final MutableClock clock;
    final int segments;
    String snapshotId;
    Instant tipAt;

    private GeneratedHistory(Path repoDir, String db, int segments) {
        this.repoDir = repoDir;
        this.repo = Repository.openOrCreate(new FileStorage(repoDir), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        this.db = db;
        this.clock = new MutableClock(T0);
        this.segments = segments;
    }

    /** Writes a history of {@code segments} segments of {@code eventsPerSegment} inserts each into {@code repoDir}. */
    static GeneratedHistory write(MongoClient client, Path repoDir, String db, int segments, int eventsPerSegment) {
        client.getDatabase(db).getCollection("orders").insertMany(List.of(new Document("_id", "a"), new Document("_id", "b")));
        GeneratedHistory h = new GeneratedHistory(repoDir, db, segments);
        h.writeAll(client, eventsPerSegment);
        return h;
    }

    private void writeAll(MongoClient client, int eventsPerSegment) {
        try (SegmentWriter writer = SegmentWriter.resume(repo, db, "collection streams", clock, Duration.ofSeconds(1))) {
            writer.add(List.of(), CapturePosition.afterTime(ts(T0, 1)));
            clock.set(T0.plusSeconds(1));
            writer.commit();
            clock.set(T0.plusSeconds(2));
            snapshotId = new SnapshotService(client, repo, SnapshotOptions.defaults(), clock).take(db, ProgressListener.NONE).id();
            repo.writeManifest(SnapshotAnchor.KIND, snapshotId, new SnapshotAnchor(snapshotId, db, 1, ts(T0, 1)).toJson());
            Instant last = T0;
            for (int k = 2; k <= segments; k++) {
                Instant at = eventTime(k);
                List<ChangeEvent> batch = new ArrayList<>();
                for (int i = 1; i <= eventsPerSegment; i++) {
                    batch.add(insert(at, i, k + "-" + i));
                }
                writer.add(batch, CapturePosition.afterTime(ts(at, eventsPerSegment)));
                clock.set(at.plusSeconds(1));
                writer.commit();
                last = at;
            }
            tipAt = last.plusSeconds(30);
            writer.add(List.of(), CapturePosition.afterTime(ts(tipAt, 1)));
            clock.set(tipAt.plusMillis(500));
            writer.commit(); // idle: only the capture tip moves
            repo.putRecord(CaptureState.record(db), new CaptureState(db, "collection streams", "generated", "stopped",
                    (long) segments, clock.instant(), 0L, null, clock.instant()).toJson());
        }
    }

    /** When segment {@code k}'s events happened (k >= 2). */
    static Instant eventTime(int k) {
        return T0.plusSeconds(5L * (k - 1));
    }

    private ChangeEvent insert(Instant at, int inc, String id) {
        BsonDocument doc = new BsonDocument("_id", new BsonString(id)).append("n", new BsonInt32(inc));
        return new ChangeEvent.Insert(new EventMeta(new BsonDocument("_data", new BsonString(id)), ts(at, inc), at,
                new Namespace(db, "orders")), new BsonDocument("_id", doc.get("_id")), doc);
    }

    static BsonTimestamp ts(Instant at, int inc) {
        return new BsonTimestamp((int) at.getEpochSecond(), inc);
    }

    /** The storage path of a manifest. */
    Path manifest(String kind, String id) {
        return repoDir.resolve("manifests").resolve(kind).resolve(id + ".manifest");
    }

    /** The storage path of segment {@code seq}'s manifest. */
    Path segmentManifest(long seq) {
        return manifest(SegmentManifest.KIND, SegmentManifest.id(db, seq));
    }

    /** The storage path of segment {@code seq}'s data object. */
    Path segmentObject(long seq) {
        SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, SegmentManifest.id(db, seq)));
        return repoDir.resolve(m.object().key());
    }

    /** The storage path of a record. */
    Path record(String name) {
        return repoDir.resolve("records").resolve(name + ".record");
    }
}
