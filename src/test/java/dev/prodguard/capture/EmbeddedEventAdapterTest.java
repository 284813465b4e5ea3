package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.replay.EventFixtures;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.replay.TargetState;
import dev.prodguard.testing.TestMongo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded-server adapter on shapes recorded from a real run of the embedded server
 * (fixtures/change-events/embedded, written by {@link EmbeddedFixtureRecorder}): each becomes a
 * documented-form event, and replaying them onto the recorded "before" gives the recorded "after".
 */
class EmbeddedEventAdapterTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    static Stream<String> fixtures() {
        return EventFixtures.embedded();
    }

    /** The oplog entries and post-write documents recorded with the events. */
    static EmbeddedEventAdapter.OplogReader recorded(BsonDocument fx) {
        Map<BsonTimestamp, BsonDocument> byTs = new HashMap<>();
        for (BsonValue e : fx.getArray("oplog")) {
            byTs.put(e.asDocument().getTimestamp("ts"), e.asDocument());
        }
        return new EmbeddedEventAdapter.OplogReader() {
            @Override
            public Map<BsonTimestamp, BsonDocument> entries(Collection<BsonTimestamp> times) {
                Map<BsonTimestamp, BsonDocument> out = new HashMap<>();
                times.forEach(t -> {
                    if (byTs.containsKey(t)) {
                        out.put(t, byTs.get(t));
                    }
                });
                return out;
            }

            @Override
            public BsonDocument currentDocument(Namespace ns, BsonValue id) {
                for (BsonValue d : fx.getDocument("after").getArray(ns.coll(), new org.bson.BsonArray())) {
                    if (d.asDocument().get("_id").equals(id)) {
                        return d.asDocument();
                    }
                }
                return null;
            }
        };
    }

    static List<ChangeEvent> normalise(String name) {
        BsonDocument fx = EventFixtures.load(name);
        List<BsonDocument> raw = new ArrayList<>();
        fx.getArray("events").forEach(v -> raw.add(v.asDocument()));
        assertThat(raw).isNotEmpty().allMatch(EmbeddedEventAdapter::isEmbeddedShape);
        return new EmbeddedEventAdapter(recorded(fx)).normalise(raw, Namespace.ofDatabase("shop"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void normalisesToDocumentedFormAndReplaysToTheRecordedResult(String name) {
        BsonDocument fx = EventFixtures.load(name);
        List<ChangeEvent> events = normalise(name);

        assertThat(events).isNotEmpty().noneMatch(e -> e instanceof ChangeEvent.Other);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.meta().ns().db()).isEqualTo("shop");
            assertThat(e.meta().ns().coll()).isNotNull().doesNotStartWith("system.");
            assertThat(e.meta().wallTime()).isNotNull(); // from the oplog entry
        });

        String db = TestMongo.uniqueDb("emb");
        TargetState.seed(mongo.client(), db, fx.getDocument("before"));
        ReplayEngine engine = new ReplayEngine(mongo.client(), NamespaceMap.single("shop", db));
        for (int round = 1; round <= 2; round++) {
            engine.applyAll(events);
            assertThat(TargetState.read(mongo.client(), db)).as("%s replay #%d", name, round)
                    .isEqualTo(TargetState.expected(fx.getDocument("after")));
        }
    }

    @Test
    void aSetUnsetSpecBecomesAnExactDelta() {
        ChangeEvent.Update u = (ChangeEvent.Update) normalise("embedded/update-set-unset").get(0);
        assertThat(u.documentKey().toJson()).isEqualTo("{\"_id\": 1}");
        assertThat(u.delta().updated()).extracting(s -> s.path().dotted()).containsExactly("status", "m.b", "fills.1");
        assertThat(u.delta().removed()).extracting(FieldPath::dotted).containsExactly("note");
    }

    @Test
    void aReplaceReportedAsUpdateBecomesAReplaceWithIdFirst() {
        ChangeEvent.Replace r = (ChangeEvent.Replace) normalise("embedded/replace-as-update").get(0);
        assertThat(r.document().toJson()).isEqualTo("{\"_id\": 5, \"status\": \"migrated\", \"qty\": 2}");
    }

    @Test
    void nonIdempotentOperatorsBecomeLookedUpPostImages() {
        ChangeEvent.PostImageUpdate p = (ChangeEvent.PostImageUpdate) normalise("embedded/update-inc-push").get(0);
        assertThat(p.origin()).isEqualTo(ChangeEvent.ImageOrigin.LOOKED_UP);
        assertThat(p.postImage().toJson()).isEqualTo("{\"_id\": \"w1\", \"usdt\": 70, \"log\": [\"debit\"]}");
    }

    @Test
    void updateManyYieldsOneUpdatePerDocumentWithItsId() {
        assertThat(normalise("embedded/update-many")).extracting(e -> e.documentId().asInt32().getValue()).containsExactly(1, 2);
    }

    @Test
    void dropDatabaseYieldsOneDropPerUserCollectionAndNoSystemDrops() {
        assertThat(normalise("embedded/dropDatabase")).allMatch(e -> e instanceof ChangeEvent.Drop)
                .extracting(e -> e.meta().ns().coll()).containsExactlyInAnyOrder("orders", "wallets");
        assertThat(normalise("embedded/drop")).extracting(e -> e.meta().ns().toString()).containsExactly("shop.trades");
    }
}
