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

    /** A segment's bytes decode to the event, through the direct path for the common kinds and the envelope for others. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("realServer")
    void realServerEventsRoundTripThroughTheirStoredBytes(String name) {
        ChangeEvent e = ChangeEventParser.parse(EventFixtures.load(name).getDocument("event"), null);
        assertThat(EventCodec.decode(bytes(List.copyOf(EventCodec.encode(e).entrySet())))).isEqualTo(e);
    }

    /**
     * Stored forms the direct path does not take (another field, a field twice, another type, a missing field, a delete
     * with a document) read exactly as the envelope reads them: the same event, or the same kind of refusal.
     */
    @Test
    void everyVariantOfTheCommonKindsReadsAsTheEnvelopeReadsIt() {
        BsonDocument insert = BsonDocument.parse("{op: 'insert', token: {_data: '8263'}, ct: {$timestamp: {t: 5, i: 2}},"
                + " wall: {$date: 1765000000000}, ns: {db: 'shop', coll: 'orders'}, key: {_id: 7}, doc: {_id: 7, total: 12.5}}");
        int direct = 0;
        List<BsonDocument> bases = List.of(insert, insert.clone().append("op", new org.bson.BsonString("replace")),
                withoutDoc(insert.clone().append("op", new org.bson.BsonString("delete"))));
        List<java.util.Map.Entry<String, org.bson.BsonValue>> extras = List.of(
                java.util.Map.entry("op", new org.bson.BsonString("update")), java.util.Map.entry("ct", new org.bson.BsonInt32(1)),
                java.util.Map.entry("wall", new org.bson.BsonString("noon")), java.util.Map.entry("ns", new org.bson.BsonInt32(1)),
                java.util.Map.entry("ns", new BsonDocument("db", new org.bson.BsonInt32(3))), java.util.Map.entry("key", new BsonDocument("_id", new org.bson.BsonInt32(8))),
                java.util.Map.entry("doc", new BsonDocument("_id", new org.bson.BsonInt32(8))), java.util.Map.entry("doc", new org.bson.BsonInt32(8)),
                java.util.Map.entry("token", new org.bson.BsonInt32(8)), java.util.Map.entry("note", new org.bson.BsonString("x")),
                java.util.Map.entry("op", new org.bson.BsonString("drop")), java.util.Map.entry("op", new org.bson.BsonString("bogus")));
        for (BsonDocument base : bases) {
            List<java.util.Map.Entry<String, org.bson.BsonValue>> fields = List.copyOf(base.entrySet());
            direct += compare(fields) ? 1 : 0;
            for (int drop = 0; drop < fields.size(); drop++) { // each field missing
                List<java.util.Map.Entry<String, org.bson.BsonValue>> less = new java.util.ArrayList<>(fields);
                less.remove(drop);
                compare(less);
            }
            for (var extra : extras) { // each extra field, first and last, and a field twice
                for (int at : new int[] {0, fields.size()}) {
                    List<java.util.Map.Entry<String, org.bson.BsonValue>> more = new java.util.ArrayList<>(fields);
                    more.add(at, extra);
                    compare(more);
                }
            }
        }
        assertThat(direct).as("the plain insert, replace and delete").isEqualTo(3);
    }

    /** Decodes the fields' bytes both ways; true when both gave the same event, false when both refused alike. */
    private static boolean compare(List<java.util.Map.Entry<String, org.bson.BsonValue>> fields) {
        byte[] stored = bytes(fields);
        BsonDocument parsed = new org.bson.RawBsonDocument(stored).decode(new org.bson.codecs.BsonDocumentCodec());
        Object expected;
        try {
            expected = EventCodec.decode(parsed);
        } catch (RuntimeException e) {
            expected = e.getClass();
        }
        Object actual;
        try {
            actual = EventCodec.decode(stored);
        } catch (RuntimeException e) {
            actual = e.getClass();
        }
        assertThat(actual).as("%s", fields).isEqualTo(expected);
        return expected instanceof ChangeEvent;
    }

    private static BsonDocument withoutDoc(BsonDocument d) {
        d.remove("doc");
        return d;
    }

    private static byte[] bytes(List<java.util.Map.Entry<String, org.bson.BsonValue>> fields) {
        org.bson.io.BasicOutputBuffer out = new org.bson.io.BasicOutputBuffer();
        try (org.bson.BsonBinaryWriter w = new org.bson.BsonBinaryWriter(out)) {
            w.writeStartDocument();
            for (var f : fields) {
                w.writeName(f.getKey());
                new org.bson.codecs.BsonValueCodec().encode(w, f.getValue(), org.bson.codecs.EncoderContext.builder().build());
            }
            w.writeEndDocument();
        }
        return out.toByteArray();
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
