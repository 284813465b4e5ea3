package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.prodguard.capture.Namespace;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.DatabaseState;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore marks its target while it runs ({@code prodguard_restore_in_progress}), and that marker is
 * its lock: a second restore meets it, a killed one leaves it, and only a complete restore removes it.
 */
class RestoreMarkerTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private MongoClient client;
    private Repository repo;
    private String source;
    private SnapshotManifest snapshot;
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void aBackup() {
        client = mongo.client();
        source = TestMongo.uniqueDb("marked");
        MongoDatabase db = client.getDatabase(source);
        List<Document> ledger = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ledger.add(new Document("_id", i).append("amount", i).append("user", "u" + (i % 7)));
        }
        db.getCollection("ledger").insertMany(ledger);
        db.getCollection("wallets").insertOne(new Document("_id", "w1").append("owner", "u1"));
        db.getCollection("wallets").createIndex(Indexes.ascending("owner"), new IndexOptions().unique(true).name("owner_unique"));
        repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        String id = new SnapshotService(client, repo, SnapshotOptions.defaults(), clock).take(source, ProgressListener.NONE).id();
        snapshot = new SnapshotCatalog(repo).load(id);
    }

    private RestoreExecutor executor() {
        return new RestoreExecutor(client, repo, RestoreOptions.defaults(), clock);
    }

    private RestorePlan plan(String target, boolean force) {
        return RestorePlanner.plan(snapshot, RestoreRequest.defaults().withTargetDb(target).withForce(force), clock);
    }

    private static Document marker(MongoClient client, String db) {
        return client.getDatabase(db).getCollection("prodguard_restore_in_progress").find().first();
    }

    private static boolean hasMarkerCollection(MongoClient client, String db) {
        return client.getDatabase(db).listCollectionNames().into(new ArrayList<>()).contains("prodguard_restore_in_progress");
    }

    private void placeMarker(String db, String host, Instant heartbeat) {
        client.getDatabase(db).getCollection("prodguard_restore_in_progress").insertOne(new Document("_id", "restore")
                .append("token", "other-token").append("host", host).append("pid", 4242L).append("operation", "restore")
                .append("source", "snapshot 20261125T100000.000Z-abcd").append("started", Date.from(heartbeat.minusSeconds(30)))
                .append("heartbeat", Date.from(heartbeat)).append("safetySnapshot", null));
    }

    @Test
    void whileARestoreRunsItsTargetHoldsTheMarkerAndOnlyACompleteRestoreRemovesIt() {
        String target = source + "_r";
        AtomicReference<Document> seen = new AtomicReference<>();
        RestoreResult r = executor().progress(new ProgressListener() {
            @Override
            public void started(long expected) {
                seen.set(marker(client, target)); // the load is about to start
            }
        }).execute(plan(target, false));

        Document m = seen.get();
        assertThat(m).as("the marker while the restore runs").isNotNull();
        assertThat(m.getString("_id")).isEqualTo("restore");
        assertThat(m.getString("token")).isNotBlank();
        assertThat(m.getString("host")).isNotBlank();
        assertThat(((Number) m.get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
        assertThat(m.getString("operation")).isEqualTo("restore");
        assertThat(m.getString("source")).isEqualTo("snapshot " + snapshot.id());
        assertThat(m.get("started")).isInstanceOf(Date.class);
        assertThat(m.get("heartbeat")).isInstanceOf(Date.class);
        assertThat(m.containsKey("safetySnapshot")).isTrue();
        assertThat(m.get("safetySnapshot")).isNull();

        assertThat(r.documents()).isEqualTo(301);
        assertThat(hasMarkerCollection(client, target)).as("removed once the restore completed").isFalse();
        assertThat(DatabaseState.of(client, target)).isEqualTo(DatabaseState.of(client, source));
    }

    @Test
    void aRestoreThatStopsHalfWayLeavesTheMarker() throws Exception {
        String target = source + "_broken";
        ObjectRef ledger = snapshot.collections().stream().filter(c -> c.name().equals("ledger")).findFirst()
                .map(CollectionEntry::objects).orElseThrow().get(0);
        Path file = dir.resolve("repo").resolve(ledger.key());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        RestoreExecutor noPrecheck = new RestoreExecutor(client, repo, RestoreOptions.defaults().withPrecheck(false), clock);
        assertThatThrownBy(() -> noPrecheck.execute(plan(target, false))).isInstanceOf(ProdguardException.class);
        Document m = marker(client, target);
        assertThat(m).as("a failed restore leaves its marker: the target is partial").isNotNull();
        assertThat(m.getString("source")).isEqualTo("snapshot " + snapshot.id());
    }

    @Test
    void aFreshMarkerIsAnotherRestoreStillRunning() {
        String target = source + "_busy";
        placeMarker(target, "other-host", Instant.now());
        assertThatThrownBy(() -> executor().execute(plan(target, true))).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
            assertThat(e.getMessage()).contains("another restore into " + target + " is running")
                    .contains("host other-host (pid 4242)").contains("since ").contains("1 min");
        });
        assertThat(client.getDatabase(target).listCollectionNames().into(new ArrayList<>()))
                .containsExactly("prodguard_restore_in_progress");
        assertThat(marker(client, target).getString("token")).isEqualTo("other-token");
    }

    @Test
    void aStaleMarkerIsPartialDataRefusedWithoutForceAndCopiedAsPartialWithForce() {
        String target = source + "_partial";
        client.getDatabase(target).getCollection("ledger").insertOne(new Document("_id", 1).append("amount", 1));
        Instant killedAt = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        placeMarker(target, "other-host", killedAt);

        assertThatThrownBy(() -> executor().execute(plan(target, false))).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REFUSED);
            assertThat(e.getMessage()).contains(target + " holds PARTIAL data of a restore that stopped")
                    .contains("host other-host (pid 4242)").contains("last heartbeat " + dev.prodguard.text.Instants.human(killedAt))
                    .contains("--force").contains("drop database " + target).contains("nothing was written");
        });

        RestoreResult r = executor().execute(plan(target, true));
        assertThat(DatabaseState.of(client, target)).isEqualTo(DatabaseState.of(client, source));
        assertThat(hasMarkerCollection(client, target)).isFalse();
        SnapshotManifest safety = new SnapshotCatalog(repo).load(r.safetySnapshotId());
        assertThat(safety.isSafety()).isTrue();
        assertThat(safety.note()).isEqualTo("partial data of a restore killed at " + dev.prodguard.text.Instants.human(killedAt));
        assertThat(safety.collections()).extracting(CollectionEntry::name).containsExactly("ledger");
    }

    @Test
    void aTargetHoldingOnlyProdguardsOwnCollectionsCountsAsEmptyAndKeepsItsEnvironmentMarker() {
        String target = source + "_own";
        MongoDatabase t = client.getDatabase(target);
        t.getCollection("prodguard_heartbeat").insertOne(new Document("_id", "capture").append("at", new Date()));
        t.getCollection("prodguard_connection_test").insertOne(new Document("_id", "probe"));
        Document env = new Document("_id", "environment").append("environment", "preview").append("markedByHost", "web-2");
        t.getCollection("prodguard_meta").insertOne(env);
        client.getDatabase(source).getCollection("prodguard_meta")
                .insertOne(new Document("_id", "environment").append("environment", "production"));
        String id = new SnapshotService(client, repo, SnapshotOptions.defaults(), clock).take(source, ProgressListener.NONE).id();
        snapshot = new SnapshotCatalog(repo).load(id);

        RestoreResult r = executor().execute(plan(target, false)); // no --force needed
        assertThat(r.safetySnapshotId()).isNull();
        assertThat(DatabaseState.of(client, target)).isEqualTo(DatabaseState.of(client, source));
        assertThat(t.getCollection("prodguard_meta").find().into(new ArrayList<>())).containsExactly(env);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("kept the environment marker of " + target)
                .contains("prodguard_meta of snapshot " + id + " was not restored"));
    }

    @Test
    void prodguardsScratchCollectionsAreNeverSnapshottedNorReplayed() {
        assertThat(SnapshotService.EXCLUDED).contains("prodguard_restore_in_progress", "prodguard_heartbeat",
                "prodguard_connection_test");
        NamespaceMap map = NamespaceMap.single("a", "b");
        for (String scratch : SnapshotService.EXCLUDED) {
            assertThat(map.map(new Namespace("a", scratch))).as(scratch).isNull();
        }
        assertThat(map.map(new Namespace("a", "prodguard_meta"))).isEqualTo(new Namespace("b", "prodguard_meta"));
    }
}
