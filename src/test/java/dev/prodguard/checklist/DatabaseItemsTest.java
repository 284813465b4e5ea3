package dev.prodguard.checklist;

import static dev.prodguard.checklist.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prodguard.config.Secrets;
import dev.prodguard.testing.TestMongo;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The items that talk to the database, over the wire against the embedded server (or PRODGUARD_IT_URI). */
class DatabaseItemsTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path work;

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    private Map<String, String> env(String url, String db, boolean production) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", url);
        env.put("DB_NAME", db);
        env.put("PRODUCTION", String.valueOf(production));
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "1000");
        return env;
    }

    private CheckContext ctx(Map<String, String> env, Clock clock) {
        return Fixtures.context(env, work, work, clock);
    }

    private static String closedPortUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "mongodb://127.0.0.1:" + s.getLocalPort() + "/";
        }
    }

    @Test
    void clusterReachablePassesWhenDoctorPasses() throws Exception {
        ItemResult r = run(new ClusterReachableItem(), ctx(env(mongo.uri(), TestMongo.uniqueDb("chk"), true), Clock.systemUTC()));
        assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(r.detail()).contains("doctor passed against 127.0.0.1:");
    }

    @Test
    void clusterReachableFailsAtTheLayerDoctorNames() throws Exception {
        ItemResult r = run(new ClusterReachableItem(), ctx(env(closedPortUrl(), "coinhubx_production", true), Clock.systemUTC()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).startsWith("doctor failed at TCP");
        assertThat(r.remedy()).contains("prodguard doctor");
        assertThat(r.millis()).isLessThan(8_000);
    }

    @Test
    void gatePassesForAPreviewConfigurationOnAnUnmarkedDatabase() throws Exception {
        ItemResult r = run(new GateItem(), ctx(env(mongo.uri(), TestMongo.uniqueDb("chk"), false), Clock.systemUTC()));
        assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(r.detail()).contains("preview configuration", "(unmarked)");
    }

    @Test
    void gateFailsForAProductionConfigurationOnTheEmbeddedServer() throws Exception {
        assumeTrue(mongo.isEmbedded(), "the embedded server is what production must never reach");
        ItemResult r = run(new GateItem(), ctx(env(mongo.uri(), TestMongo.uniqueDb("chk"), true), Clock.systemUTC()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("violation(s)", "host-loopback", "tls-off", "embedded-server");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("tls-off: "));
    }

    @Test
    void gateFailsWhenTheDatabaseCannotBeReached() throws Exception {
        ItemResult r = run(new GateItem(), ctx(env(closedPortUrl(), "coinhubx_preview", false), Clock.systemUTC()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("gate could not check the database");
        assertThat(r.remedy()).contains("prodguard doctor");
    }

    @Test
    void firstTransactionsFailOnAnEmptyDatabase() throws Exception {
        String db = TestMongo.uniqueDb("chk");
        mongo.client().getDatabase(db).getCollection("prodguard_meta").insertOne(new Document("k", 1));
        ItemResult r = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), Clock.systemUTC()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("has no application collection yet");
    }

    @Test
    void firstTransactionsPassWhenEveryApplicationCollectionHasRecentDocuments() throws Exception {
        String db = TestMongo.uniqueDb("chk");
        mongo.client().getDatabase(db).getCollection("users").insertOne(new Document("email", "a@coinhubx.io"));
        mongo.client().getDatabase(db).getCollection("transactions").insertOne(new Document("amount", 5));
        ItemResult r = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), Clock.systemUTC()));
        assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(r.detail()).contains("2 of 2 application collections of " + db + " hold documents; newest write");
        assertThat(r.notes()).hasSize(2);
    }

    @Test
    void withoutAProtectedListOneApplicationCollectionWithDocumentsIsEnough() throws Exception {
        String db = TestMongo.uniqueDb("chk");
        mongo.client().getDatabase(db).createCollection("p2p_disputes");
        ItemResult none = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), Clock.systemUTC()));
        assertThat(none.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(none.detail()).contains("none of the 1 application collections");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new Document("balance", 3));
        ItemResult one = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), Clock.systemUTC()));
        assertThat(one.status()).as(one.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(one.detail()).contains("1 of 2 application collections");
        assertThat(one.notes()).contains("p2p_disputes: empty");
    }

    @Test
    void firstTransactionsFailWhenAProtectedCollectionIsEmptyOrMissing() throws Exception {
        String db = TestMongo.uniqueDb("chk");
        mongo.client().getDatabase(db).getCollection("users").insertOne(new Document("email", "a@coinhubx.io"));
        Fixtures.write(work.resolve("prodguard.yml"), "protected: [users, wallets]\n");
        ItemResult r = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), Clock.systemUTC()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("1 of 2 protected collections", "wallets");
        assertThat(r.notes()).contains("wallets: does not exist");
    }

    @Test
    void firstTransactionsFailWhenTheNewestWriteIsOlderThanAWeek() throws Exception {
        String db = TestMongo.uniqueDb("chk");
        Instant written = Instant.parse("2026-01-10T08:00:00Z");
        mongo.client().getDatabase(db).getCollection("wallets")
                .insertOne(new Document("_id", new ObjectId(Date.from(written))).append("balance", 1));
        Clock later = Clock.fixed(written.plus(Duration.ofDays(10)), ZoneOffset.UTC);
        ItemResult old = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), later));
        assertThat(old.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(old.detail()).contains("newest write is 10 d old");

        Clock soon = Clock.fixed(written.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        ItemResult fresh = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), soon));
        assertThat(fresh.status()).isEqualTo(ItemStatus.PASS);
        assertThat(fresh.detail()).contains("newest write 2 d ago");
    }

    @Test
    void firstTransactionsDateWritesByCreatedAtWhenIdsAreNotObjectIds() throws Exception {
        String db = TestMongo.uniqueDb("chk");
        Instant created = Instant.parse("2026-03-01T00:00:00Z");
        mongo.client().getDatabase(db).getCollection("trades")
                .insertOne(new Document("_id", "T-1").append("createdAt", Date.from(created)));
        ItemResult r = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true),
                Clock.fixed(created.plus(Duration.ofDays(30)), ZoneOffset.UTC)));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("30 d old");

        mongo.client().getDatabase(db).getCollection("settings").insertOne(new Document("_id", "fees"));
        mongo.client().getDatabase(db).getCollection("trades").deleteMany(new Document());
        mongo.client().getDatabase(db).getCollection("trades").insertOne(new Document("_id", "T-2"));
        ItemResult undated = run(new FirstTransactionsItem(), ctx(env(mongo.uri(), db, true), Clock.systemUTC()));
        assertThat(undated.status()).isEqualTo(ItemStatus.PASS);
        assertThat(undated.detail()).contains("write times not datable");
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsBoundedByTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // connections complete in the kernel's backlog; nothing ever reads or answers
            Map<String, String> env = env("mongodb://127.0.0.1:" + silent.getLocalPort() + "/", "coinhubx_production", false);
            env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "500");
            Fixtures.write(work.resolve("prodguard.yml"), "schedule:\n  verify: weekly\n");
            long start = System.nanoTime();
            ChecklistReport report = Checklist.standard().run(Stage.POST_LIVE, ctx(env, Clock.systemUTC()));
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertThat(ms).as(report.toString()).isLessThan(8 * 500 + 2_000);
            assertThat(report.item("cluster-reachable").status()).isEqualTo(ItemStatus.FAIL);
            assertThat(report.item("gate").status()).isEqualTo(ItemStatus.FAIL);
            assertThat(report.item("first-transactions").status()).isEqualTo(ItemStatus.FAIL);
            assertThat(report.item("verify-scheduled").status()).as("independent of the database").isEqualTo(ItemStatus.PASS);
        }
    }

    @Test
    void firstTransactionsFailWhenTheDatabaseIsUnreachable() throws Exception {
        ItemResult r = run(new FirstTransactionsItem(), ctx(env(closedPortUrl(), "coinhubx_production", true), Clock.systemUTC()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.remedy()).contains("prodguard doctor");
    }
}
