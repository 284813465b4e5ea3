package dev.prodguard.verify;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.prodguard.capture.CaptureHarness;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.CaptureTip;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.HistoryLostException;
import dev.prodguard.capture.HistoryMarker;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.testing.CliRun;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * A repository written by real capture against the embedded server, as it looks after some days of use:
 * capture's first snapshot S1 and a run of segments; capture stopped, the database written meanwhile, and
 * the history lost when capture came back (a gap manifest, then capture's own snapshot S2 and a second run);
 * an idle tail covered by the capture tip; the capture status and history marker records; a restore test
 * ({@code verify/last}); and the lock files a killed capture and a killed backup leave. It remembers the
 * database's exact content at the newest restorable instant and at each snapshot.
 */
final class CapturedRepository {
    /** The kinds of file in a repository, each with the files of that kind worth damaging (the first one in the short run). */
    enum Kind {
        DESCRIPTOR, SNAPSHOT_MANIFEST, SNAPSHOT_OBJECT, SEGMENT_MANIFEST, SEGMENT_OBJECT, ANCHOR, GAP, TIP_RECORD,
        STATUS_RECORD, MARKER_RECORD, LOCK_FILE, VERIFY_LAST
    }

    final Path dir;
    final String db;
    final MongoClient client;
    /** The newest restorable instant, and the database's content then. */
    Instant newest;
    DatabaseImage atNewest;
    /** Each snapshot's content (nothing was written while it was read). */
    final Map<String, DatabaseImage> snapshots = new LinkedHashMap<>();
    /** Repository-relative paths of the files of each kind, most important first. */
    final Map<Kind, List<String>> files = new LinkedHashMap<>();
    /** The manifest of the oldest segment (nothing in the manifests tells its loss from retention's pruning). */
    String oldestSegment;
    int segments;
    /** What {@code verify} said when it found problems while capture was running (a live repository is sound). */
    final List<String> liveVerifyFailures = new ArrayList<>();
    private final Map<String, String> env;
    private int round;

    private CapturedRepository(MongoClient client, Path dir, String db, String mongoUri) {
        this.client = client;
        this.dir = dir;
        this.db = db;
        this.env = Map.of("MONGO_URL", mongoUri, "DB_NAME", db, "PRODGUARD_REPO", dir.toString(),
                "PRODGUARD_STATE_DIR", dir.resolveSibling("state").toString());
    }

    /** Builds the repository in {@code dir} from database {@code db} (about 8 s of real time: cluster times are real). */
    static CapturedRepository build(MongoClient client, Path dir, String db, String mongoUri) throws Exception {
        CapturedRepository r = new CapturedRepository(client, dir, db, mongoUri);
        r.seed();
        try (Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(1, 64 * 1024, 1000))) {
            DatabaseImage beforeS1 = DatabaseImage.of(client, db);
            try (CaptureHarness c = new CaptureHarness(client, repo, db).start(null)) {
                r.snapshots.put(snapshotTaken(c), beforeS1);
                r.rounds(c, 4);
            }
            r.write(); // while capture is down: this history is lost when it comes back
            DatabaseImage beforeS2 = DatabaseImage.of(client, db);
            AtomicBoolean lost = new AtomicBoolean(true);
            CaptureService.SourceOpener losing = (probe, result, from) -> {
                if (from != null && lost.getAndSet(false)) {
                    throw new HistoryLostException("change stream history on " + db + " is gone (ChangeStreamHistoryLost)", null);
                }
                return probe.openSource(result, from);
            };
            try (CaptureHarness c = new CaptureHarness(client, repo, db).start(losing)) {
                r.snapshots.put(snapshotTaken(c), beforeS2);
                Instant last = r.rounds(c, 4);
                // an idle tail: only the capture tip moves, into a later second than the last write
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                    CaptureTimeline.Run tail = CaptureHistory.load(repo, db).currentRun();
                    return tail.tip() != null && tail.coveredUntil().getEpochSecond() > last.getEpochSecond();
                });
                c.stop();
                CaptureTimeline.Run run = CaptureHistory.load(repo, db).currentRun();
                r.newest = run.coveredUntil();
                if (!r.newest.isAfter(last) || run.tip() == null) {
                    throw new IllegalStateException("the tip does not cover the idle tail: run to " + r.newest + ", last write " + last);
                }
            }
            r.atNewest = DatabaseImage.of(client, db);
            CliRun test = CliRun.run(r.env, dir.getParent(), "verify", "--restore");
            if (test.exitCode != 0) {
                throw new IllegalStateException("the restore test of the fresh repository failed: " + test);
            }
            r.leftoverLocks();
            r.listFiles(repo);
        }
        return r;
    }

    /** Waits for capture's own snapshot (its anchor written); returns its id. */
    private static String snapshotTaken(CaptureHarness c) {
        c.awaitNewSnapshot();
        String line = c.log.stream().filter(l -> l.startsWith("snapshot ") && l.contains(" taken")).findFirst().orElseThrow();
        return line.split(" ")[1];
    }

    private void seed() {
        MongoDatabase d = client.getDatabase(db);
        List<Document> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accounts.add(new Document("_id", "a" + i).append("email", "user" + i + "@example.test")
                    .append("balance", new Decimal128(new BigDecimal(i + ".25"))).append("tags", List.of("new")));
        }
        d.getCollection("accounts").insertMany(accounts);
        d.getCollection("accounts").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        d.getCollection("ledger").insertOne(new Document("_id", "l0").append("account", "a0").append("amount", 1));
    }

    /** One round of writes: inserts, updates of several kinds, a delete. */
    private Instant write() {
        int n = ++round;
        MongoDatabase d = client.getDatabase(db);
        d.getCollection("ledger").insertMany(List.of(new Document("_id", "l" + n + "a").append("account", "a" + n).append("amount", n),
                new Document("_id", "l" + n + "b").append("account", "a" + (n + 1)).append("amount", -n)));
        d.getCollection("accounts").updateOne(Filters.eq("_id", "a" + n), Updates.combine(
                Updates.inc("balance", new Decimal128(new BigDecimal("1.50"))), Updates.push("tags", "r" + n)));
        d.getCollection("accounts").updateOne(Filters.eq("_id", "a" + (n + 1)), Updates.set("profile.city", "Oslo " + n));
        d.getCollection("ledger").deleteOne(Filters.eq("_id", "l" + (n - 1) + "a"));
        return Instant.now();
    }

    /**
     * Rounds of writes, each committed before the next (a segment or two each), with {@code verify} run while
     * capture commits the round; returns when the last round is committed.
     */
    private Instant rounds(CaptureHarness capture, int count) {
        Instant last = null;
        for (int i = 0; i < count; i++) {
            last = write();
            CliRun live = CliRun.run(env, dir.getParent(), "verify");
            if (live.exitCode != 0) {
                liveVerifyFailures.add(live.toString());
            }
            capture.awaitCovered(last);
        }
        return last;
    }

    /** Lock files as a killed capture and a killed backup leave them: plain JSON naming a process that is gone. */
    private void leftoverLocks() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        for (String[] lock : List.of(new String[] {"capture%3A" + db, "capture:" + db, "capture"}, new String[] {"repo", "repo", "backup"})) {
            String json = "{\n  \"scope\" : \"" + lock[1] + "\",\n  \"operation\" : \"" + lock[2] + "\",\n  \"host\" : \""
                    + java.net.InetAddress.getLocalHost().getHostName() + "\",\n  \"pid\" : " + p.pid() + ",\n  \"token\" : \""
                    + java.util.UUID.randomUUID() + "\",\n  \"started\" : \"" + newest.minusSeconds(5) + "\",\n  \"heartbeat\" : \""
                    + newest + "\"\n}";
            Files.createDirectories(dir.resolve("locks"));
            Files.writeString(dir.resolve("locks/" + lock[0] + ".lock"), json, StandardCharsets.UTF_8);
        }
    }

    private void listFiles(Repository repo) {
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        List<String> ids = new ArrayList<>(snapshots.keySet());
        String s1 = ids.get(0);
        String s2 = ids.get(1);
        files.put(Kind.DESCRIPTOR, List.of("prodguard-repo.json"));
        files.put(Kind.SNAPSHOT_MANIFEST, List.of(manifest(SnapshotManifest.KIND, s2), manifest(SnapshotManifest.KIND, s1)));
        List<String> objects = new ArrayList<>();
        for (String id : List.of(s2, s1)) {
            for (CollectionEntry c : catalog.load(id).collections()) {
                c.objects().stream().map(ObjectRef::key).forEach(objects::add);
            }
        }
        files.put(Kind.SNAPSHOT_OBJECT, List.of(objects.get(0), objects.get(objects.size() - 1)));
        CaptureTimeline timeline = CaptureHistory.load(repo, db);
        List<SegmentManifest> run1 = timeline.runs().get(0).segments();
        List<SegmentManifest> run2 = timeline.runs().get(1).segments();
        segments = run1.size() + run2.size();
        long anchor2 = SnapshotAnchor.fromJson(repo.readManifest(SnapshotAnchor.KIND, s2)).segmentSeq();
        List<SegmentManifest> after2 = run2.stream().filter(m -> m.seq() > anchor2).toList();
        SegmentManifest middle2 = after2.get(after2.size() / 2);
        SegmentManifest middle1 = run1.get(run1.size() / 2);
        oldestSegment = segment(run1.get(0));
        files.put(Kind.SEGMENT_MANIFEST, List.of(segment(middle2), segment(run2.get(0)), segment(run2.get(run2.size() - 1)),
                segment(middle1), oldestSegment));
        List<String> segObjects = new ArrayList<>();
        for (List<SegmentManifest> run : List.of(after2, run1)) {
            run.stream().filter(m -> m.object() != null).skip(1).limit(2).forEach(m -> segObjects.add(m.object().key()));
        }
        files.put(Kind.SEGMENT_OBJECT, segObjects);
        files.put(Kind.ANCHOR, List.of(manifest(SnapshotAnchor.KIND, s2), manifest(SnapshotAnchor.KIND, s1)));
        files.put(Kind.GAP, repo.listManifests(GapManifest.KIND).stream().map(id -> manifest(GapManifest.KIND, id)).toList());
        files.put(Kind.TIP_RECORD, List.of(record(CaptureTip.record(db))));
        files.put(Kind.STATUS_RECORD, List.of(record(CaptureState.record(db))));
        files.put(Kind.MARKER_RECORD, List.of(record(HistoryMarker.record(db))));
        files.put(Kind.LOCK_FILE, List.of("locks/capture%3A" + db + ".lock", "locks/repo.lock"));
        files.put(Kind.VERIFY_LAST, List.of(record(RestoreTestRecord.RECORD)));
        for (Map.Entry<Kind, List<String>> e : files.entrySet()) {
            for (String f : e.getValue()) {
                if (!Files.isRegularFile(dir.resolve(f))) {
                    throw new IllegalStateException(e.getKey() + " file " + f + " is not in the repository");
                }
            }
        }
        if (files.get(Kind.GAP).size() != 1 || files.get(Kind.SEGMENT_OBJECT).size() < 3) {
            throw new IllegalStateException("the history is not what the suite needs: " + files);
        }
        if (!SegmentReader.tip(repo, db).extendsSegment(run2.get(run2.size() - 1).seq())) {
            throw new IllegalStateException("the capture tip is stale");
        }
    }

    private static String manifest(String kind, String id) {
        return "manifests/" + kind + "/" + id + ".manifest";
    }

    private String segment(SegmentManifest m) {
        return manifest(SegmentManifest.KIND, m.id());
    }

    private static String record(String name) {
        return "records/" + name + ".record";
    }
}
