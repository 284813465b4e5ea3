package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureService;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.dataset.BooksCheck;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot taken while a writer moves money between two collections: the snapshot reads one of
 * {@code transactions} and {@code wallets}, then (held by the test seam) the writer books deposits in
 * both, then it reads the other, so on its own it holds balances without their ledger entries (or the reverse). With
 * capture running, {@code verify --restore} replays to the snapshot's finish (not to now, when half a
 * transfer follows) and the books balance;
 * without capture, the books fail and the report says why they may.
 */
class ConsistentRestoreTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final CaptureService.Timing FAST = new CaptureService.Timing(Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofSeconds(60), Duration.ofMillis(500));
    private static final int DEPOSITS = 5;
    private static final BigDecimal AMOUNT = new BigDecimal("17.2");

    @TempDir
    Path dir;

    private String dbName;
    private MongoDatabase db;
    private Repository repo;
    private List<Invariant> books;

    @BeforeEach
    void seed() throws Exception {
        dbName = TestMongo.uniqueDb("live");
        db = mongo.client().getDatabase(dbName);
        List<Document> wallets = new ArrayList<>();
        List<Document> ledger = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            wallets.add(new Document("_id", "w" + i).append("asset", "USDT").append("balance", dec("100.5")));
            ledger.add(new Document("wallet", "w" + i).append("asset", "USDT").append("amount", dec("100.5"))
                    .append("type", "deposit"));
        }
        db.getCollection("wallets").insertMany(wallets);
        db.getCollection("transactions").insertMany(ledger);
        repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null, new Repository.CreateOptions(1, 64 * 1024, 1000));
        Files.writeString(dir.resolve("prodguard.yml"), BooksCheck.INVARIANTS_YAML);
        books = Invariant.parse(new ObjectMapper(new YAMLFactory()).readTree(BooksCheck.INVARIANTS_YAML).get("invariants"));
    }

    @Test
    void withCaptureTheRestoreTestReplaysToTheSnapshotsFinishAndTheBooksBalance() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CaptureService capture = new CaptureService(mongo.client(), repo, dbName, FAST, SnapshotOptions.defaults(),
                Clock.systemUTC(), CaptureService.Pause.SLEEP);
        CompletableFuture<CaptureService.Summary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return capture.run(stop::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            // capture first takes its own snapshot (holding the repository's lock); then a snapshot taken by
            // 'backup' is anchored by time once capture has committed a position at least
            // CaptureTimeline.DERIVED_ANCHOR_MARGIN before it starts (real cluster time)
            await().atMost(Duration.ofSeconds(30)).until(() -> CaptureHistory.load(repo, dbName).currentRunHasSnapshot()
                    && anchorable(Instant.now()));
            SnapshotManifest m = liveSnapshot();
            // after the finish, half a transfer (ledger only): the live books are off, the state at the finish is not
            db.getCollection("transactions").insertOne(new Document("wallet", "w0").append("asset", "USDT")
                    .append("amount", dec("999")).append("type", "deposit"));
            assertThat(Invariants.evaluate(db, books.get(0)).ok()).as("the live books are unbalanced now").isFalse();
            Instant afterHalf = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                CaptureTimeline.Run r = CaptureHistory.load(repo, dbName).currentRun();
                return r != null && !r.coveredUntil().isBefore(afterHalf);
            });
            assertThat(SnapshotConsistency.of(repo, m).kind()).isEqualTo(SnapshotConsistency.Kind.CAPTURED);
            // the inconsistency is real: this very snapshot, restored alone, fails the books
            String alone = dbName + "_alone";
            new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                    .execute(RestorePlanner.forSnapshot(repo, m.id(), RestoreRequest.defaults().withTargetDb(alone), Clock.systemUTC()));
            assertThat(Invariants.evaluate(mongo.client().getDatabase(alone), books.get(0)).ok()).isFalse();

            RestoreTestReport t = tester().run(m.id(), books);

            assertThat(t.collections()).allMatch(RestoreTestReport.CollectionCheck::ok);
            assertThat(t.invariants()).singleElement().satisfies(i -> assertThat(i.ok()).as(i.detail()).isTrue());
            assertThat(t.ok()).isTrue();
            assertThat(t.consistency().pointInTime()).isTrue();
            assertThat(t.consistency().consistentAt()).isEqualTo(m.finishedAt());
            assertThat(t.consistency().changesDuringRead()).isEqualTo(2L * DEPOSITS);
            assertThat(t.consistency().replayedEvents()).isGreaterThanOrEqualTo(2L * DEPOSITS);

            CliRun cli = CliRun.run(env(), dir, "verify", "--restore", "--snapshot", m.id());
            assertThat(cli.exitCode).as(cli.toString()).isZero();
            assertThat(cli.out).contains("invariants evaluated at " + dev.prodguard.text.Instants.humanIso(m.finishedAt()) + ", the snapshot's consistent point")
                    .contains("invariant books balance (per asset, wallets total the ledger): holds").contains("PASSED");
            assertThat(cli.err).doesNotContain("point-consistent");
            assertThat(mongo.client().listDatabaseNames().into(new ArrayList<>())).noneMatch(n -> n.startsWith("prodguard_verify_"));

            // restore --snapshot warns and names the consistent restore; restore --to <finish> balances
            CliRun plan = CliRun.run(env(), dir, "restore", "--snapshot", m.id(), "--dry-run");
            assertThat(plan.exitCode).as(plan.toString()).isZero();
            assertThat(plan.err).contains("warning: snapshot " + m.id()).contains(2 * DEPOSITS + " change(s) were written")
                    .contains("not point-consistent across collections").contains("'restore --to " + m.finishedAt() + "'");
            CliRun to = CliRun.run(env(), dir, "restore", "--to", m.finishedAt(), "--target-db", dbName + "_at_finish");
            assertThat(to.exitCode).as(to.toString()).isZero();
            assertThat(Invariants.evaluate(mongo.client().getDatabase(dbName + "_at_finish"), books.get(0)).ok()).isTrue();
        } finally {
            stop.set(true);
            running.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutCaptureTheBooksFailAndTheReportSaysWhy() throws Exception {
        SnapshotManifest m = liveSnapshot();
        assertThat(SnapshotConsistency.of(repo, m).kind()).isEqualTo(SnapshotConsistency.Kind.UNCOVERED);

        RestoreTestReport t = tester().run(m.id(), books);

        // the snapshot restores exactly what it read ...
        assertThat(t.collections()).hasSize(2).allMatch(RestoreTestReport.CollectionCheck::ok);
        // ... but what it read is fuzzy: the wallets hold deposits the ledger it read before does not
        RestoreTestReport.InvariantCheck inv = t.invariants().get(0);
        assertThat(inv.ok()).isFalse();
        assertThat(inv.detail()).contains("USDT").contains(AMOUNT.multiply(BigDecimal.valueOf(DEPOSITS)).toPlainString())
                .contains("not point-consistent across collections");
        assertThat(t.ok()).isFalse();
        assertThat(t.consistency().pointInTime()).isFalse();
        assertThat(t.consistency().kind()).isEqualTo("snapshot-only");
        assertThat(t.consistency().note()).contains("no captured changes cover snapshot " + m.id())
                .contains("keep 'prodguard capture'");

        CliRun cli = CliRun.run(env(), dir, "verify", "--restore", "--snapshot", m.id(), "--json");
        assertThat(cli.exitCode).as(cli.toString()).isEqualTo(1);
        JsonNode o = new ObjectMapper().readTree(cli.out);
        assertThat(o.path("restoreTest").path("consistency").path("kind").asText()).isEqualTo("snapshot-only");
        assertThat(o.path("restoreTest").path("consistency").path("pointInTime").asBoolean(true)).isFalse();
        CliRun text = CliRun.run(env(), dir, "verify", "--restore", "--snapshot", m.id());
        assertThat(text.err).contains("warning: snapshot " + m.id() + " may not be point-consistent");
        assertThat(text.out).contains("FAILED");
        CliRun plan = CliRun.run(env(), dir, "restore", "--snapshot", m.id(), "--dry-run");
        assertThat(plan.exitCode).as(plan.toString()).isZero();
        assertThat(plan.err).contains("warning: snapshot " + m.id())
                .contains("if the database was written to meanwhile it is not point-consistent across collections");
    }

    /** A snapshot during which {@value #DEPOSITS} deposits are booked in both collections, between its reads of the two. */
    private SnapshotManifest liveSnapshot() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < DEPOSITS; i++) {
                db.getCollection("transactions").insertOne(new Document("wallet", "w" + i).append("asset", "USDT")
                        .append("amount", new Decimal128(AMOUNT)).append("type", "deposit"));
                db.getCollection("wallets").updateOne(Filters.eq("_id", "w" + i), Updates.inc("balance", new Decimal128(AMOUNT)));
            }
        });
        List<String> order = new ArrayList<>();
        String id = new SnapshotService(mongo.client(), repo, SnapshotOptions.defaults().withParallelism(1), Clock.systemUTC())
                .beforeCollection(name -> {
                    order.add(name);
                    if (order.size() == 2) {
                        go.countDown();
                        writer.join(); // the deposits land after one collection was read, before the other is
                    }
                })
                .take(dbName, null).id();
        assertThat(order).containsExactlyInAnyOrder("transactions", "wallets");
        assertThat(writer).isDone();
        return new SnapshotCatalog(repo).load(id);
    }

    /** Whether a snapshot starting at {@code now} would be anchored by time in the current capture run. */
    private boolean anchorable(Instant now) {
        CaptureTimeline.Run r = CaptureHistory.load(repo, dbName).currentRun();
        return r != null && r.segments().stream().anyMatch(s -> s.position().clusterTime() != null
                && s.position().clusterTime().getTime() < now.minus(CaptureTimeline.DERIVED_ANCHOR_MARGIN).getEpochSecond());
    }

    private RestoreTester tester() {
        return new RestoreTester(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC());
    }

    private Map<String, String> env() {
        return Map.of("MONGO_URL", mongo.uri(), "DB_NAME", dbName, "PRODGUARD_REPO", dir.resolve("repo").toString());
    }

    private static Decimal128 dec(String s) {
        return new Decimal128(new BigDecimal(s));
    }
}
