package dev.prodguard.retention;

import dev.prodguard.testing.LockingStorage;
import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.ObjectWriter;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.Storage;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.verify.RepositoryVerifier;
import dev.prodguard.verify.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prune on a real repository filled by real backups of the embedded server, at times a test clock
 * chooses: the kept snapshots verify and restore to exactly what was backed up, the deleted ones are
 * gone with their objects, and a prune cut short after N deletions leaves a consistent repository
 * that the next prune finishes.
 */
class PruneRepositoryTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z"); // a Wednesday
    /** changes 7d, daily 10d, weekly 20d, newest 2, orphan grace 24h. */
    static final RetentionPolicy POLICY = RetentionPolicy.validate(Duration.ofDays(7), Duration.ofDays(10),
            Duration.ofDays(20), 2, Duration.ofHours(24));

    @TempDir
    Path dir;

    private String db;
    private final MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(60)));
    /** Snapshot id → the documents the database held when it was taken. */
    private final Map<String, List<BsonDocument>> contents = new LinkedHashMap<>();
    private final Map<String, Instant> started = new LinkedHashMap<>();

    @BeforeEach
    void fill() throws IOException {
        db = TestMongo.uniqueDb("prune");
        MongoCollection<BsonDocument> trades = mongo.client().getDatabase(db).getCollection("trades", BsonDocument.class);
        try (Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null)) {
            long seq = 0;
            // a backup every 5 days from 60 to 5 days ago; a change segment for every day in between
            for (int daysAgo = 60; daysAgo >= 5; daysAgo -= 5) {
                clock.set(NOW.minus(Duration.ofDays(daysAgo)));
                trades.insertOne(new BsonDocument("_id", new BsonInt32(daysAgo)).append("pair", new BsonString("BTC/USDT")));
                trades.updateMany(Filters.exists("_id"), Updates.set("seenAt", new BsonInt32(daysAgo)));
                String id = new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults(), clock).take(db, null).id();
                contents.put(id, trades.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
                started.put(id, clock.instant());
                for (int d = 0; d < 5; d++) {
                    Instant from = clock.instant().plus(Duration.ofDays(d)).minusSeconds(600);
                    segment(repo, ++seq, from, from.plus(Duration.ofDays(1)));
                }
            }
            // debris: an object of a backup that crashed 3 days ago, one of a capture seen just now
            debris(repo, "snapshots/" + SnapshotIdsForTest.at(NOW.minus(Duration.ofDays(3))) + "/");
            debris(repo, "segments/" + db + "/");
        }
    }

    /** A committed change segment holding [from, to) of this database, with a real data object (one event). */
    private void segment(Repository repo, long seq, Instant from, Instant to) throws IOException {
        ObjectRef ref;
        BsonTimestamp first = new BsonTimestamp((int) from.getEpochSecond(), 1);
        BsonTimestamp last = new BsonTimestamp((int) to.getEpochSecond() - 1, 1);
        BsonDocument id = new BsonDocument("_id", new BsonInt32((int) seq));
        org.bson.RawBsonDocument event = new org.bson.RawBsonDocument(dev.prodguard.capture.EventCodec.encode(
                new dev.prodguard.capture.ChangeEvent.Insert(new dev.prodguard.capture.EventMeta(new BsonDocument("_data",
                new BsonString("t" + seq)), first, from, new dev.prodguard.capture.Namespace(db, "c")), id, id)),
                new org.bson.codecs.BsonDocumentCodec());
        try (ObjectWriter w = repo.newObject("segments/" + db + "/")) {
            w.write(java.util.Arrays.copyOf(event.getByteBuffer().array(), event.getByteBuffer().limit()));
            ref = w.commit();
        }
        SegmentManifest m = new SegmentManifest(seq, db, "test", 1, first, last, from, to,
                CapturePosition.afterTime(last), ref, to);
        repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
    }

    private static void debris(Repository repo, String prefix) throws IOException {
        try (ObjectWriter w = repo.newObject(prefix)) {
            w.write(new byte[] {1, 2, 3});
            w.commit();
        }
    }

    private Repository open() {
        return Repository.open(new FileStorage(dir.resolve("repo")), null);
    }

    @Test
    void keptSnapshotsVerifyAndRestoreExactly() {
        clock.set(NOW);
        Pruner.Result r;
        try (Repository repo = open()) {
            r = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
        }
        // 5 and 10 days ago: the newest two; daily keeps the 5-day one, weekly (ISO week 46 and 47) both,
        // and the 10-day one is the base of the 7-day change window. Everything older goes.
        List<String> ids = new ArrayList<>(contents.keySet());
        Set<String> expectKept = Set.of(ids.get(ids.size() - 1), ids.get(ids.size() - 2));
        try (Repository repo = open()) {
            assertThat(new SnapshotCatalog(repo).ids()).containsExactlyInAnyOrderElementsOf(expectKept);
            VerifyReport v = new RepositoryVerifier(repo).verify(null);
            assertThat(v.ok()).as(v.problems().toString()).isTrue();
            assertThat(v.unreferenced()).isZero();
            assertSegmentsSound(repo);
            // segments: the ones the window's base (10 days ago) needs, from its start less the margin, remain
            Instant keepFrom = started.get(ids.get(ids.size() - 2)).minus(PrunePlanner.CLOCK_MARGIN);
            List<Inventory.Segment> segs = new InventoryReader(repo).read(NOW).segments();
            // the oldest one left is the newest before that: the anchor restores replay after
            assertThat(segs.get(0).to()).isBefore(keepFrom);
            assertThat(segs.subList(1, segs.size())).isNotEmpty().allSatisfy(s -> assertThat(s.to()).isAfterOrEqualTo(keepFrom));
            assertThat(segs.get(1).from()).isBeforeOrEqualTo(started.get(ids.get(ids.size() - 2)));
            assertThat(r.plan().of(PrunePlan.Kind.SEGMENT).stream().filter(PrunePlan.Item::delete)).hasSize(60 - segs.size());
            // the old debris went, the capture object seen for the first time stays for the grace period
            assertThat(repo.listObjects("segments/")).hasSize(segs.size() + 1);
            int n = 0;
            for (String id : expectKept) {
                String target = db + "_r" + (++n);
                RestoreExecutor ex = new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), clock);
                ex.execute(RestorePlanner.forSnapshot(repo, id, RestoreRequest.defaults().withTargetDb(target), clock));
                MongoDatabase t = mongo.client().getDatabase(target);
                assertThat(t.getCollection("trades", BsonDocument.class).find().sort(Sorts.ascending("_id"))
                        .into(new ArrayList<>())).isEqualTo(contents.get(id));
            }
        }
        assertThat(r.applied()).isTrue();
        assertThat(r.manifestsDeleted()).isEqualTo(10 + r.plan().of(PrunePlan.Kind.SEGMENT).stream().filter(PrunePlan.Item::delete).count());
        assertThat(r.plan().bytesFreed()).isPositive();

        // a second prune at the same time deletes nothing
        try (Repository repo = open()) {
            Pruner.Result again = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
            assertThat(again.plan().deletions()).isEmpty();
            assertThat(again.objectsDeleted()).isZero();
        }
    }

    /**
     * With S3 Object Lock (a {@code LockingStorage}): prune first extends what the kept restore points need, skips
     * and reports a deletion the store still holds, and deletes it once its retention has passed.
     */
    @Test
    void objectLockExtendsWhatIsKeptAndSkipsWhatIsStillLocked() {
        clock.set(NOW);
        LockingStorage locking = new LockingStorage(new FileStorage(dir.resolve("repo")), Duration.ofDays(30), clock);
        PrunePlan planned;
        try (Repository repo = Repository.open(locking, null)) {
            planned = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).dryRun().plan();
        }
        PrunePlan.Item oldest = planned.of(PrunePlan.Kind.SNAPSHOT).stream().filter(PrunePlan.Item::delete).findFirst()
                .orElseThrow();
        String oldestManifest = Repository.manifestStorageKey("snapshot", oldest.id());
        locking.retention.put(oldestManifest, NOW.plus(Duration.ofDays(1))); // written under a lock that has not run out
        Pruner.Result r;
        try (Repository repo = Repository.open(locking, null)) {
            r = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
            assertThat(r.stillLocked()).containsExactly("snapshot " + oldest.id() + " until " + NOW.plus(Duration.ofDays(1)));
            assertThat(new SnapshotCatalog(repo).ids()).contains(oldest.id());
            // what is kept is locked at least as long as its restore points need: the newest snapshot its finish plus 30
            // days, every kept segment (the run goes on) now plus 30 days, rounded up to whole days
            String newest = new ArrayList<>(contents.keySet()).get(contents.size() - 1);
            assertThat(locking.retention.get(Repository.manifestStorageKey("snapshot", newest)))
                    .isAfterOrEqualTo(NOW.minus(Duration.ofDays(5)).plus(Duration.ofDays(30)));
            for (Inventory.Segment g : new InventoryReader(repo).read(NOW).segments()) {
                assertThat(locking.retention.get(g.object().key())).as(g.id()).isAfterOrEqualTo(NOW.plus(Duration.ofDays(30)))
                        .isBefore(NOW.plus(Duration.ofDays(32)));
            }
        }
        clock.set(NOW.plus(Duration.ofDays(2)));
        try (Repository repo = Repository.open(locking, null)) {
            Pruner.Result later = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
            assertThat(new SnapshotCatalog(repo).ids()).doesNotContain(oldest.id());
            // segments kept (and so locked for 30 days) two days ago that the 7-day window now drops are held:
            // a lock period longer than the retention windows keeps data longer than the policy says
            assertThat(later.stillLocked()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("segment "));
        }
    }

    @ParameterizedTest(name = "cut after {0} deletion(s)")
    @ValueSource(ints = {1, 9, 40})
    void prunesCutShortLeaveAConsistentRepositoryThatTheNextPruneFinishes(int n) throws IOException {
        clock.set(NOW);
        PrunePlan expected;
        try (Repository repo = open()) {
            expected = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).dryRun().plan();
        }
        FailingStorage failing = new FailingStorage(new FileStorage(dir.resolve("repo")), n);
        try (Repository repo = Repository.open(failing, null)) {
            assertThatThrownBy(() -> new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune())
                    .isInstanceOf(ProdguardException.class)
                    .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.STORAGE));
        }
        assertThat(failing.deleted).isEqualTo(n);
        try (Repository repo = open()) {
            VerifyReport v = new RepositoryVerifier(repo).verify(null);
            assertThat(v.ok()).as(v.problems().toString()).isTrue();
            assertSegmentsSound(repo);
            assertThat(repo.lockInfo("repo")).as("the lock is released").isNull();
            Pruner.Result rerun = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
            assertThat(rerun.plan().deletions().stream().filter(i -> i.kind() != PrunePlan.Kind.ORPHAN))
                    .extracting(PrunePlan.Item::id)
                    .allSatisfy(id -> assertThat(expected.deletions()).extracting(PrunePlan.Item::id).contains(id));
            VerifyReport after = new RepositoryVerifier(repo).verify(null);
            assertThat(after.ok()).isTrue();
            assertThat(after.unreferenced()).isZero();
            assertSegmentsSound(repo);
            assertThat(repo.getRecord(InventoryReader.PENDING)).isNull();
            assertThat(new TreeSet<>(new SnapshotCatalog(repo).ids()))
                    .isEqualTo(new TreeSet<>(expected.kept().stream().filter(i -> i.kind() == PrunePlan.Kind.SNAPSHOT)
                            .map(PrunePlan.Item::id).toList()));
            // every object the uncut plan would delete is gone; nothing else unreferenced but the young debris
            for (PrunePlan.Item i : expected.deletions()) {
                for (String key : i.objectKeys()) {
                    assertThat(repo.storage().exists(key)).as(key).isFalse();
                }
            }
            assertThat(new InventoryReader(repo).read(NOW).orphans()).hasSize(1);
        }
    }

    @Test
    void refusesWhileABackupHoldsTheLockButNotWhileCaptureRuns() {
        clock.set(NOW);
        try (Repository repo = open()) {
            try (OperationLock backup = repo.lock("repo", "backup", Duration.ofMinutes(1), clock)) {
                assertThatThrownBy(() -> new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune())
                        .isInstanceOf(ProdguardException.class)
                        .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.LOCKED));
                assertThat(new SnapshotCatalog(repo).ids()).hasSize(12);
                // the dry run needs no lock
                assertThat(new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).dryRun().plan().deletions()).isNotEmpty();
            }
            try (OperationLock capture = repo.lock("capture:" + db, "capture", Duration.ofMinutes(1), clock)) {
                Pruner.Result r = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
                assertThat(r.plan().deletions()).isNotEmpty();
                // capture resumes after the newest segment, which stays
                List<String> segs = repo.listManifests(SegmentManifest.KIND);
                assertThat(segs.get(segs.size() - 1)).isEqualTo(SegmentManifest.id(db, 60));
            }
        }
    }

    @Test
    void capturesAnchorAndGapManifestsAreRead() {
        List<String> ids = new ArrayList<>(contents.keySet());
        String base = ids.get(ids.size() - 2);
        try (Repository repo = open()) {
            // capture's own records (format of its anchor and gap manifests): the 10-day snapshot replays after
            // segment 20; history was lost for 2 hours 3 days ago
            repo.writeManifest(InventoryReader.ANCHOR, base, new BsonDocument("format", new BsonInt32(1))
                    .append("snapshotId", new BsonString(base)).append("database", new BsonString(db))
                    .append("segmentSeq", new org.bson.BsonInt64(20)).append("clusterTime", new BsonTimestamp(1, 1))
                    .toJson().getBytes(StandardCharsets.UTF_8));
            repo.writeManifest(InventoryReader.GAP, db + "-gap", new BsonDocument("format", new BsonInt32(1))
                    .append("database", new BsonString(db)).append("afterSeq", new org.bson.BsonInt64(57))
                    .append("fromTime", new org.bson.BsonDateTime(NOW.minus(Duration.ofDays(3)).toEpochMilli()))
                    .append("to", new org.bson.BsonDateTime(NOW.minus(Duration.ofDays(3)).plusSeconds(7200).toEpochMilli()))
                    .append("reason", new BsonString("test")).toJson().getBytes(StandardCharsets.UTF_8));
            Inventory inv = new InventoryReader(repo).read(NOW);
            assertThat(inv.snapshots()).filteredOn(s -> s.id().equals(base)).singleElement()
                    .satisfies(s -> assertThat(s.anchorSeq()).isEqualTo(20L));
            assertThat(inv.gaps()).containsExactly(new Inventory.Gap(db, NOW.minus(Duration.ofDays(3)),
                    NOW.minus(Duration.ofDays(3)).plusSeconds(7200)));
            clock.set(NOW);
            Pruner.Result r = new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune();
            RestorePointChecker.check(POLICY, NOW, inv, r.plan());
            assertThat(repo.listManifests(SegmentManifest.KIND).get(0)).isEqualTo(SegmentManifest.id(db, 19));
            // a deleted snapshot's anchor goes with it; the kept one's stays
            assertThat(repo.listManifests(InventoryReader.ANCHOR)).containsExactly(base);
        }
    }

    @Test
    void anUnreadableManifestStopsThePruneBeforeAnyDeletion() throws IOException {
        clock.set(NOW);
        Path repoDir = dir.resolve("repo");
        Path victim;
        try (Stream<Path> files = Files.walk(repoDir.resolve("manifests").resolve("snapshot"))) {
            victim = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        Files.write(victim, new byte[] {'{', 'x'});
        long before = countFiles(repoDir);
        try (Repository repo = open()) {
            assertThatThrownBy(() -> new Pruner(repo, POLICY, clock, Duration.ofMinutes(1)).prune())
                    .isInstanceOf(ProdguardException.class)
                    .hasMessageContaining("nothing was deleted")
                    .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.REPOSITORY));
        }
        assertThat(countFiles(repoDir)).isEqualTo(before);
    }

    private static long countFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("locks")).count();
        }
    }

    /** Every segment manifest's object exists and matches its recorded hash and size. */
    private static void assertSegmentsSound(Repository repo) {
        for (String id : repo.listManifests(SegmentManifest.KIND)) {
            SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id));
            if (m.object() != null) {
                repo.verifyObject(m.object());
            }
        }
    }

    /** Snapshot ids as {@code SnapshotIds} makes them, for planting debris of a crashed backup. */
    static final class SnapshotIdsForTest {
        static String at(Instant t) {
            return dev.prodguard.snapshot.SnapshotIds.next(t);
        }
    }
}
