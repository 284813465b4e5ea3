package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Index changes on a server that does not report them as events: capture lists them ({@link SchemaWatch}),
 * records what changed as {@link ChangeEvent.ObservedIndexes}, and replay makes a target's indexes exactly those.
 */
class SchemaWatchTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static List<String> indexNames(MongoDatabase d, String coll) {
        List<String> out = new ArrayList<>();
        for (Document i : d.getCollection(coll).listIndexes()) {
            out.add(i.getString("name") + (i.getBoolean("unique", false) ? " unique" : ""));
        }
        out.sort(null);
        return out;
    }

    @Test
    void theFirstListingRecordsEveryCollectionThenOnlyWhatChanged() {
        MongoDatabase d = mongo.client().getDatabase(TestMongo.uniqueDb("schema"));
        d.getCollection("wallets").insertOne(new Document("_id", 1).append("user", "a"));
        d.getCollection("wallets").createIndex(Indexes.ascending("user"), new IndexOptions().unique(true).name("user_unique"));
        d.getCollection("ledger").insertOne(new Document("_id", 1));
        d.getCollection("prodguard_heartbeat").insertOne(new Document("_id", "capture"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        SchemaWatch watch = new SchemaWatch(d, clock, Duration.ofSeconds(5));

        assertThat(watch.due()).isTrue();
        List<ChangeEvent> first = watch.observe(new BsonTimestamp(100, 1));
        assertThat(first).extracting(e -> e.meta().ns().coll()).as("prodguard's own collections are not the user's schema")
                .containsExactlyInAnyOrder("wallets", "ledger");
        assertThat(first).allSatisfy(e -> assertThat(e.meta().clusterTime()).isEqualTo(new BsonTimestamp(100, 1)));
        assertThat(watch.due()).isFalse();

        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.observe(new BsonTimestamp(105, 1))).as("nothing changed").isEmpty();

        d.getCollection("ledger").createIndex(Indexes.descending("amount"), new IndexOptions().name("by_amount"));
        d.getCollection("wallets").dropIndex("user_unique");
        clock.advance(Duration.ofSeconds(5));
        List<ChangeEvent> changed = watch.observe(new BsonTimestamp(110, 1));
        assertThat(changed).extracting(e -> e.meta().ns().coll()).containsExactlyInAnyOrder("wallets", "ledger");
        ChangeEvent.ObservedIndexes ledger = (ChangeEvent.ObservedIndexes) changed.stream()
                .filter(e -> e.meta().ns().coll().equals("ledger")).findFirst().orElseThrow();
        assertThat(ledger.indexes()).extracting(i -> i.getString("name").getValue()).containsExactlyInAnyOrder("_id_", "by_amount");
        assertThat(EventCodec.decode(EventCodec.encode(ledger))).isEqualTo(ledger);
    }

    @Test
    void replayingAnObservationMakesTheTargetsIndexesExactlyThose() {
        String source = TestMongo.uniqueDb("schemasrc");
        MongoDatabase target = mongo.client().getDatabase(TestMongo.uniqueDb("schematgt"));
        target.getCollection("wallets").insertOne(new Document("_id", 1).append("user", "a").append("asset", "BTC"));
        target.getCollection("wallets").createIndex(Indexes.ascending("old"), new IndexOptions().name("old_one"));
        target.getCollection("wallets").createIndex(Indexes.ascending("user"), new IndexOptions().name("by_user"));
        List<BsonDocument> wanted = List.of(BsonDocument.parse("{key: {_id: 1}, name: '_id_'}"),
                BsonDocument.parse("{key: {user: 1, asset: 1}, name: 'user_asset_unique', unique: true}"),
                BsonDocument.parse("{key: {user: 1}, name: 'by_user'}"));
        ChangeEvent e = new ChangeEvent.ObservedIndexes(new EventMeta(new BsonDocument(), new BsonTimestamp(100, 1), null,
                new Namespace(source, "wallets")), wanted);
        ReplayEngine engine = new ReplayEngine(mongo.client(), NamespaceMap.single(source, target.getName()));
        engine.applyAll(List.of(e));
        assertThat(indexNames(target, "wallets")).containsExactly("_id_", "by_user", "user_asset_unique unique");
        engine.applyAll(List.of(e));
        assertThat(indexNames(target, "wallets")).as("idempotent").containsExactly("_id_", "by_user", "user_asset_unique unique");
    }

    @Test
    void theEmbeddedServerDoesNotReportIndexChangesSoCaptureListsThem() {
        org.junit.jupiter.api.Assumptions.assumeTrue(mongo.isEmbedded(), "a fact about the embedded server");
        MongoDatabase d = mongo.client().getDatabase(TestMongo.uniqueDb("schemaprobe"));
        CaptureProbe probe = new CaptureProbe(mongo.client(), d.getName(), java.time.Clock.systemUTC(), Duration.ofSeconds(3),
                Duration.ofMillis(20), x -> Thread.sleep(x.toMillis())); // the probe's own poll of a real stream, as in production
        ProbeResult r = probe.probe();
        assertThat(r.indexEvents()).isFalse();
        assertThat(r.reason()).contains("lists the indexes");
    }
}
