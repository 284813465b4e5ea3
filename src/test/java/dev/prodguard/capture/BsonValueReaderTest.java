package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * {@link BsonValueReader} builds exactly the tree the driver's codec builds: the same classes at every level, the same
 * field order, and for a name written twice the codec's choice (first place, last value), on random documents of every
 * BSON type written byte by byte (so repeated names and every binary subtype occur).
 */
class BsonValueReaderTest {
    private static final String[] NAMES = {"_id", "a", "b", "a.b", "$x", "", "ключ", "🔑", "n"};

    @Test
    void readsWhatTheCodecReadsForRandomDocumentsOfEveryType() {
        Random random = new Random(20261208L);
        int repeated = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bson = randomDocument(random);
            BsonDocument expected = new BsonDocumentCodec().decode(reader(bson), DecoderContext.builder().build());
            BsonDocument actual = BsonValueReader.readDocument(reader(bson));
            assertSame(actual, expected, "document " + i);
            repeated += fields(bson) > expected.size() ? 1 : 0;
        }
        assertThat(repeated).as("documents with a name written twice").isGreaterThan(300);
    }

    @Test
    void everyTypeAtTheTopLevelToo() {
        Random random = new Random(7);
        for (int type = 0; type < TYPES; type++) {
            BasicOutputBuffer out = new BasicOutputBuffer();
            try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
                w.writeStartDocument();
                w.writeName("v");
                writeValue(w, random, type, 0);
                w.writeEndDocument();
            }
            BsonBinaryReader expectedReader = reader(out.toByteArray());
            expectedReader.readStartDocument();
            expectedReader.readBsonType();
            expectedReader.readName();
            BsonValue expected = new org.bson.codecs.BsonValueCodec().decode(expectedReader, DecoderContext.builder().build());
            BsonBinaryReader r = reader(out.toByteArray());
            r.readStartDocument();
            r.readBsonType();
            r.readName();
            assertSame(BsonValueReader.read(r), expected, "type " + type);
        }
    }

    private static void assertSame(BsonValue actual, BsonValue expected, String where) {
        assertThat(actual).as(where).isEqualTo(expected);
        assertThat(actual.getClass()).as(where).isEqualTo(expected.getClass());
        if (expected instanceof BsonDocument e) {
            BsonDocument a = (BsonDocument) actual;
            assertThat(new ArrayList<>(a.keySet())).as(where + " field order").isEqualTo(new ArrayList<>(e.keySet()));
            for (Map.Entry<String, BsonValue> f : e.entrySet()) {
                assertSame(a.get(f.getKey()), f.getValue(), where + "." + f.getKey());
            }
        } else if (expected instanceof BsonArray e) {
            List<BsonValue> a = ((BsonArray) actual).getValues();
            for (int i = 0; i < e.size(); i++) {
                assertSame(a.get(i), e.get(i), where + "[" + i + "]");
            }
        }
    }

    private static BsonBinaryReader reader(byte[] bson) {
        return new BsonBinaryReader(ByteBuffer.wrap(bson));
    }

    /** Fields written at the top level (a name written twice counts twice). */
    private static int fields(byte[] bson) {
        BsonBinaryReader r = reader(bson);
        r.readStartDocument();
        int n = 0;
        while (r.readBsonType() != org.bson.BsonType.END_OF_DOCUMENT) {
            r.readName();
            r.skipValue();
            n++;
        }
        return n;
    }

    private static byte[] randomDocument(Random random) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            writeDocument(w, random, 0);
        }
        return out.toByteArray();
    }

    private static void writeDocument(BsonBinaryWriter w, Random random, int depth) {
        w.writeStartDocument();
        int n = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < n; i++) {
            w.writeName(NAMES[random.nextInt(NAMES.length)]);
            writeValue(w, random, random.nextInt(TYPES), depth + 1);
        }
        w.writeEndDocument();
    }

    private static final int TYPES = 22;

    private static void writeValue(BsonBinaryWriter w, Random random, int type, int depth) {
        boolean deep = depth > 3;
        switch (deep && type < 2 ? 2 + random.nextInt(TYPES - 2) : type) {
            case 0 -> writeDocument(w, random, depth);
            case 1 -> {
                w.writeStartArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    writeValue(w, random, random.nextInt(TYPES), depth + 1);
                }
                w.writeEndArray();
            }
            case 2 -> w.writeDouble(random.nextBoolean() ? random.nextDouble() : new double[] {Double.NaN, -0.0, 1e308}[random.nextInt(3)]);
            case 3 -> w.writeString(random.nextBoolean() ? "text" : "ü\u0000x🙂");
            case 4 -> w.writeBinaryData(new BsonBinary((byte) new int[] {0, 1, 2, 3, 4, 5, 6, 7, 0x80}[random.nextInt(9)],
                    random.nextBoolean() ? new byte[16] : new byte[] {1, 2, 3}));
            case 5 -> w.writeUndefined();
            case 6 -> w.writeObjectId(new ObjectId());
            case 7 -> w.writeBoolean(random.nextBoolean());
            case 8 -> w.writeDateTime(random.nextLong());
            case 9 -> w.writeNull();
            case 10 -> w.writeRegularExpression(new BsonRegularExpression("^a.*", random.nextBoolean() ? "i" : ""));
            case 11 -> w.writeDBPointer(new BsonDbPointer("shop.orders", new ObjectId()));
            case 12 -> w.writeJavaScript("function () { return 1; }");
            case 13 -> w.writeSymbol("sym");
            case 14 -> {
                w.writeJavaScriptWithScope("x + 1");
                w.writeStartDocument();
                w.writeName("x");
                w.writeInt32(1);
                w.writeEndDocument();
            }
            case 15 -> w.writeInt32(random.nextInt());
            case 16 -> w.writeTimestamp(new BsonTimestamp(random.nextInt(), random.nextInt()));
            case 17 -> w.writeInt64(random.nextLong());
            case 18 -> w.writeDecimal128(random.nextBoolean() ? Decimal128.parse("-12.50") : Decimal128.NEGATIVE_ZERO);
            case 19 -> w.writeMinKey();
            case 20 -> w.writeMaxKey();
            default -> w.writeInt32(new BsonInt32(depth).getValue());
        }
    }
}
