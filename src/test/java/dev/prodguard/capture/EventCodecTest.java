package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.replay.EventFixtures;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The stored form of every fixture's normalised event decodes to an equal event; bad events fail clearly. */
class EventCodecTest {
    static java.util.stream.Stream<String> realServer() {
        return EventFixtures.realServer();
    }

    static java.util.stream.Stream<String> embedded() {
        return EventFixtures.embedded();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realServer")
    void realServerEventsRoundTrip(String name) {
        ChangeEvent e = ChangeEventParser.parse(EventFixtures.load(name).getDocument("event"), null);
        assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("embedded")
    void embeddedEventsRoundTrip(String name) {
        List<ChangeEvent> events = EmbeddedEventAdapterTest.normalise(name);
        for (ChangeEvent e : events) {
            BsonDocument stored = EventCodec.encode(e);
            assertThat(EventCodec.decode(BsonDocument.parse(stored.toJson()))).isEqualTo(e);
        }
    }

    @Test
    void anEventMissingADocumentedFieldIsRefusedNamingIt() {
        BsonDocument raw = BsonDocument.parse("{_id: {_data: '82'}, operationType: 'insert', clusterTime: {$timestamp: {t: 1, i: 1}},"
                + " ns: {db: 'shop', coll: 'orders'}, documentKey: {_id: 1}}");
        assertThatThrownBy(() -> ChangeEventParser.parse(raw, null))
                .isInstanceOfSatisfying(ProdguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("change event (insert) lacks fullDocument (insert); the server's event format is not one prodguard knows");
    }

    @Test
    void unknownOperationTypesAreKeptRawAndNotReplayed() {
        BsonDocument raw = BsonDocument.parse("{_id: {_data: '82'}, operationType: 'modify', clusterTime: {$timestamp: {t: 1, i: 1}},"
                + " ns: {db: 'shop', coll: 'orders'}, operationDescription: {index: {name: 'x'}}}");
        ChangeEvent e = ChangeEventParser.parse(raw, null);
        assertThat(e).isInstanceOf(ChangeEvent.Other.class);
        assertThat(e.operationType()).isEqualTo("modify");
        assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
    }
}
