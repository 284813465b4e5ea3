package dev.prodguard.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.TestMongo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writing and reading the environment marker over the wire: every transition, with and without --force. */
class EnvironmentMarkerTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T11:00:00Z"), ZoneOffset.UTC);

    private static MongoDatabase freshDb(String existing) {
        MongoDatabase db = mongo.client().getDatabase(TestMongo.uniqueDb("marker"));
        if (!existing.equals("none")) {
            db.getCollection(EnvironmentMarker.COLLECTION).insertOne(new Document("_id", EnvironmentMarker.ID)
                    .append("environment", existing)
                    .append("markedAt", Date.from(Instant.parse("2026-10-01T07:00:00Z")))
                    .append("markedBy", new Document("host", "old-host")));
        }
        return db;
    }

    @ParameterizedTest(name = "[{index}] marked {0}, --mark {1}, force={2} -> {3}")
    @CsvSource({
        "none,       PRODUCTION, false, CREATED",
        "none,       PREVIEW,    false, CREATED",
        "none,       PREVIEW,    true,  CREATED",
        "production, PRODUCTION, false, ALREADY_MARKED",
        "preview,    PREVIEW,    true,  ALREADY_MARKED",
        "production, PREVIEW,    false, REFUSED",
        "production, PREVIEW,    true,  REPLACED",
        "preview,    PRODUCTION, false, REFUSED",
        "preview,    PRODUCTION, true,  REPLACED",
        "staging,    PRODUCTION, false, REFUSED",
        "staging,    PRODUCTION, true,  REPLACED",
    })
    void transitions(String existing, Environment mark, boolean force, String expected) {
        MongoDatabase db = freshDb(existing);
        if (expected.equals("REFUSED")) {
            assertThatThrownBy(() -> EnvironmentMarker.write(db, mark, force, CLOCK, "new-host"))
                    .isInstanceOfSatisfying(ProdguardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REFUSED);
                        assertThat(e.getMessage()).contains("already marked").contains(existing)
                                .contains("2026-10-01T07:00:00Z").contains("old-host").contains("--force");
                    });
            assertThat(EnvironmentMarker.read(db).orElseThrow().environment()).isEqualTo(existing);
            return;
        }
        assertThat(EnvironmentMarker.write(db, mark, force, CLOCK, "new-host").name()).isEqualTo(expected);
        EnvironmentMarker.Marker now = EnvironmentMarker.read(db).orElseThrow();
        assertThat(now.is(mark)).isTrue();
        if (expected.equals("ALREADY_MARKED")) {
            assertThat(now.markedByHost()).isEqualTo("old-host"); // untouched
        } else {
            assertThat(now.markedAt()).isEqualTo(CLOCK.instant());
            assertThat(now.markedByHost()).isEqualTo("new-host");
        }
        if (expected.equals("REPLACED")) {
            Document doc = db.getCollection(EnvironmentMarker.COLLECTION).find().first();
            assertThat(doc.get("previous", Document.class).getString("environment")).isEqualTo(existing);
        }
    }

    @Test
    void markerHoldsNoSecretAndOnlyTheDocumentedFields() {
        MongoDatabase db = freshDb("none");
        EnvironmentMarker.write(db, Environment.PRODUCTION, false, CLOCK, "web-1");
        Document doc = db.getCollection(EnvironmentMarker.COLLECTION).find().first();
        assertThat(doc.keySet()).containsExactly("_id", "environment", "markedAt", "markedBy");
        assertThat(doc.get("markedBy", Document.class).keySet()).containsExactly("host", "tool");
    }

    @Test
    void readsNothingFromAnUnmarkedDatabase() {
        assertThat(EnvironmentMarker.read(freshDb("none"))).isEmpty();
    }
}
