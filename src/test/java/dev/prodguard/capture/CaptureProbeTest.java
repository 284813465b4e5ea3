package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.TestMongo;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CaptureProbeTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @Test
    void choosesThePathThatObservedTheSentinelAndLeavesNoSentinelBehind() {
        String db = TestMongo.uniqueDb("probe");
        CaptureProbe probe = new CaptureProbe(mongo.client(), db, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(20), d -> {});

        ProbeResult result = probe.probe();

        if (mongo.isEmbedded()) {
            // the embedded server's db.watch() sees only drops; collection streams see the insert
            assertThat(result.path()).isEqualTo(CapturePath.COLLECTION_STREAMS);
            assertThat(result.embeddedShapes()).isTrue();
            assertThat(result.reason()).contains("database stream missed the sentinel write", "collection streams observed it",
                    "embedded-server adapter", "Atlas M0");
        } else {
            assertThat(result.path()).isEqualTo(CapturePath.DATABASE_STREAM);
            assertThat(result.embeddedShapes()).isFalse();
        }
        assertThat(result.lag()).isNotNull().isLessThan(Duration.ofSeconds(5));
        assertThat(mongo.client().getDatabase(db).getCollection(CaptureProbe.HEARTBEAT_COLLECTION).countDocuments()).isZero();
    }

    @Test
    void theChosenSourceDeliversALaterWrite() {
        String db = TestMongo.uniqueDb("probe");
        CaptureProbe probe = new CaptureProbe(mongo.client(), db, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMillis(20), d -> {});
        ProbeResult result = probe.probe();
        try (ChangeSource source = probe.openSource(result, null)) {
            mongo.client().getDatabase(db).getCollection("trades").insertOne(new org.bson.Document("_id", 1).append("px", 42));
            ChangeEvent seen = null;
            for (int i = 0; i < 50 && seen == null; i++) {
                seen = source.nextBatch().events().stream()
                        .filter(e -> e instanceof ChangeEvent.Insert && e.meta().ns().coll().equals("trades"))
                        .findFirst().orElse(null);
            }
            assertThat(seen).isInstanceOf(ChangeEvent.Insert.class);
            assertThat(((ChangeEvent.Insert) seen).document().toJson()).isEqualTo("{\"_id\": 1, \"px\": 42}");
            assertThat(seen.meta().ns()).isEqualTo(new Namespace(db, "trades"));
            assertThat(source.describe()).isEqualTo(result.path().label());
        }
    }
}
