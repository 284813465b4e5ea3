package dev.prodguard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.ChangeEventParser;
import dev.prodguard.testing.TestMongo;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real-server fixture (written from MongoDB's documented change-event format) parses, and
 * replays onto a seeded database giving exactly the documented result, once and twice.
 */
class ReplayFixturesTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    static java.util.stream.Stream<String> fixtures() {
        return EventFixtures.realServer();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parsesWithItsMetadata(String name) {
        BsonDocument fx = EventFixtures.load(name);
        BsonDocument raw = fx.getDocument("event");
        ChangeEvent event = ChangeEventParser.parse(raw, null);

        assertThat(event.operationType()).isEqualTo(raw.getString("operationType").getValue());
        assertThat(event).isNotInstanceOf(ChangeEvent.Other.class);
        assertThat(event.meta().resumeToken()).isEqualTo(raw.getDocument("_id"));
        assertThat(event.meta().clusterTime()).isEqualTo(raw.getTimestamp("clusterTime"));
        assertThat(dev.prodguard.capture.ResumeTokens.clusterTime(event.meta().resumeToken()))
                .as("the v1 token's leading timestamp").isEqualTo(raw.getTimestamp("clusterTime"));
        assertThat(event.meta().wallTime().toEpochMilli()).isEqualTo(raw.getDateTime("wallTime").getValue());
        if (raw.isDocument("ns")) {
            assertThat(event.meta().ns().toDocument()).isEqualTo(raw.getDocument("ns"));
        } else {
            assertThat(event.meta().ns()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void replaysExactlyAndIdempotently(String name) {
        BsonDocument fx = EventFixtures.load(name);
        ChangeEvent event = ChangeEventParser.parse(fx.getDocument("event"), null);
        if (mongo.isEmbedded() && fx.containsKey("embeddedServerCannot")) {
            assertPatchedInMemory(fx, (ChangeEvent.Update) event);
            return;
        }
        String db = TestMongo.uniqueDb("fx");
        TargetState.seed(mongo.client(), db, fx.getDocument("before"));
        ReplayEngine engine = new ReplayEngine(mongo.client(), NamespaceMap.single("shop", db));

        for (int round = 1; round <= 2; round++) {
            engine.apply(event);
            Map<String, java.util.List<String>> actual = TargetState.read(mongo.client(), db);
            assertThat(actual).as("%s after replay #%d", name, round).isEqualTo(TargetState.expected(fx.getDocument("after")));
            for (BsonValue absent : TargetState.arr(fx, "absent")) {
                assertThat(actual).doesNotContainKey(absent.asString().getValue());
            }
            if (fx.isDocument("indexes") && !mongo.isEmbedded()) { // the embedded server lists no secondary index
                fx.getDocument("indexes").forEach((coll, names) -> {
                    for (BsonValue n : names.asArray()) {
                        assertThat(TargetState.indexNames(mongo.client(), db, coll)).contains(n.asString().getValue());
                    }
                });
            }
        }
    }

    /** Where the embedded server cannot hold the result, the in-memory patch must still be exact and idempotent. */
    private static void assertPatchedInMemory(BsonDocument fx, ChangeEvent.Update event) {
        BsonDocument before = fx.getDocument("before").getArray("orders").get(0).asDocument();
        BsonDocument expected = fx.getDocument("after").getArray("orders").get(0).asDocument();
        assertThat(event.delta().needsExactComponents()).isTrue();
        BsonDocument once = DocumentPatcher.apply(before, event.delta());
        assertThat(once.toJson()).isEqualTo(expected.toJson());
        assertThat(DocumentPatcher.apply(once, event.delta()).toJson()).isEqualTo(expected.toJson());
    }
}
