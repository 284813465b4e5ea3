package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's names do not depend on the machine's locale: a guardian on a server whose default locale writes
 * numbers with other digits (Arabic, Persian, Devanagari, Thai) names its change segments with ASCII digits, finds
 * them again, and a machine in any other locale reads the same history. Segment ids were formatted with the default
 * locale ({@code String.format("%012d")}), which wrote {@code shop-٠٠٠٠٠٠٠٠٠٠٠١} there.
 */
class LocaleIndependenceTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void segmentsCapturedUnderALocaleWithOtherDigitsAreNamedInAsciiAndReadAnywhere() throws Exception {
        Locale before = Locale.getDefault();
        Locale beforeFormat = Locale.getDefault(Locale.Category.FORMAT);
        String db = TestMongo.uniqueDb("locale");
        Repository repo = Repository.openOrCreate(new FileStorage(dir), null, new Repository.CreateOptions(3, 64 * 1024, 1000));
        try {
            for (String tag : List.of("ar-EG", "fa-IR", "hi-IN-u-nu-deva", "th-TH-u-nu-thai")) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                assertThat(String.format("%d", 1)).as("the locale %s writes other digits", tag).isNotEqualTo("1");
                assertThat(SegmentManifest.id("shop", 7)).as(tag).isEqualTo("shop-000000000007");
                assertThat(SegmentManifest.id("shop", 1_234_567_890_123L)).as(tag).isEqualTo("shop-1234567890123");
                assertThat(dev.prodguard.snapshot.SnapshotIds.next(Instant.parse("2026-12-07T10:40:00.123Z")))
                        .as(tag).matches("20261207T104000\\.123Z-[0-9a-f]{4}");
            }
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            MongoDatabase mdb = mongo.client().getDatabase(db);
            MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:40:00Z"));
            CaptureProbe probe = new CaptureProbe(mongo.client(), db, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(10),
                    d -> {});
            ProbeResult path = probe.probe();
            SegmentWriter writer = SegmentWriter.resume(repo, db, path.path().label(), clock, Duration.ofSeconds(1));
            CaptureRunner runner = new CaptureRunner(probe.openSource(path, writer.committedPosition()), writer,
                    new Heartbeat(mdb, clock, Duration.ofSeconds(1)));
            for (int round = 1; round <= 2; round++) {
                mdb.getCollection("orders").insertOne(new Document("_id", round).append("qty", round));
                clock.advance(Duration.ofSeconds(1));
                SegmentManifest m = null;
                for (int i = 0; i < 50 && m == null; i++) {
                    m = runner.step();
                }
                assertThat(m).as("round %d committed a segment", round).isNotNull();
                assertThat(m.id()).matches(java.util.regex.Pattern.quote(db) + "-[0-9]{12}");
            }
            List<SegmentManifest> here = SegmentReader.list(repo, db);
            Locale.setDefault(Locale.ROOT);
            List<SegmentManifest> elsewhere = SegmentReader.list(repo, db);
            assertThat(here).hasSize(2).isEqualTo(elsewhere);
            assertThat(SegmentReader.ids(repo, db)).containsExactly(SegmentManifest.id(db, 1), SegmentManifest.id(db, 2));
            assertThat(CaptureHistory.load(repo, db).runs()).singleElement()
                    .satisfies(r -> assertThat(r.segments()).extracting(SegmentManifest::seq).containsExactly(1L, 2L));
        } finally {
            Locale.setDefault(before);
            Locale.setDefault(Locale.Category.FORMAT, beforeFormat);
            repo.close();
        }
    }

    /** A backup and a restore run on such a machine as anywhere: the CLI, the embedded server, a real repository. */
    @Test
    void backupAndRestoreUnderALocaleWithOtherDigitsRestoreEveryDocument() throws Exception {
        Locale before = Locale.getDefault();
        Locale beforeFormat = Locale.getDefault(Locale.Category.FORMAT);
        String db = TestMongo.uniqueDb("localebk");
        MongoDatabase mdb = mongo.client().getDatabase(db);
        for (int i = 0; i < 250; i++) {
            mdb.getCollection("wallets").insertOne(new Document("_id", i).append("balance", i * 1.5).append("asset", "BTC"));
        }
        mdb.getCollection("wallets").createIndex(new Document("asset", 1));
        java.util.Map<String, String> env = java.util.Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODGUARD_REPO",
                dir.resolve("repo-cli").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        try {
            Locale.setDefault(Locale.forLanguageTag("fa-IR"));
            dev.prodguard.testing.CliRun backup = dev.prodguard.testing.CliRun.run(env, dir, "backup", "--json");
            assertThat(backup.exitCode).as(backup.toString()).isZero();
            String target = db + "_back";
            dev.prodguard.testing.CliRun restore = dev.prodguard.testing.CliRun.run(env, dir, "restore", "--snapshot", "latest",
                    "--target-db", target, "--json");
            assertThat(restore.exitCode).as(restore.toString()).isZero();
            Locale.setDefault(Locale.ROOT);
            dev.prodguard.testing.CliRun list = dev.prodguard.testing.CliRun.run(env, dir, "list", "--json");
            assertThat(list.exitCode).as(list.toString()).isZero();
            assertThat(list.out).contains(backup.out.replaceAll("(?s).*\"snapshot\":\"([^\"]+)\".*", "$1"));
            List<Document> original = mdb.getCollection("wallets").find().sort(new Document("_id", 1)).into(new java.util.ArrayList<>());
            List<Document> restored = mongo.client().getDatabase(target).getCollection("wallets").find().sort(new Document("_id", 1))
                    .into(new java.util.ArrayList<>());
            assertThat(restored).hasSize(250).isEqualTo(original);
            assertThat(mongo.client().getDatabase(target).getCollection("wallets").listIndexes().into(new java.util.ArrayList<>()))
                    .extracting(d -> d.getString("name")).containsExactlyInAnyOrder("_id_", "asset_1");
        } finally {
            Locale.setDefault(before);
            Locale.setDefault(Locale.Category.FORMAT, beforeFormat);
        }
    }
}
