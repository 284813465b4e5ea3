package dev.prodguard.capture;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonReader;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;

/**
 * Reads the value at a {@link BsonReader}'s current position into the same {@link BsonValue} tree that the driver's
 * {@link BsonValueCodec} builds (same classes, same order of fields, a repeated name keeping its first place and last
 * value), without a codec-registry lookup per value. Replay decodes a few small values of every stored event (its
 * token, namespace and key); through the codec each lookup built and hashed a cache key, and that was a third of the
 * client's time in a point-in-time restore. JavaScript with scope, which no event of prodguard's holds, goes to the codec.
 */
final class BsonValueReader {
    private static final BsonValueCodec CODEC = new BsonValueCodec();
    private static final DecoderContext CONTEXT = DecoderContext.builder().build();

    private BsonValueReader() {}

    /** The value of the current type (after {@code readBsonType} or {@code readName}). */
    static BsonValue read(BsonReader r) {
        switch (r.getCurrentBsonType()) {
            case DOCUMENT:
                return readDocument(r);
            case ARRAY:
                return readArray(r);
            case DOUBLE:
                return new BsonDouble(r.readDouble());
            case STRING:
                return new BsonString(r.readString());
            case BINARY:
                return r.readBinaryData();
            case UNDEFINED:
                r.readUndefined();
                return new BsonUndefined();
            case OBJECT_ID:
                return new BsonObjectId(r.readObjectId());
            case BOOLEAN:
                return BsonBoolean.valueOf(r.readBoolean());
            case DATE_TIME:
                return new BsonDateTime(r.readDateTime());
            case NULL:
                r.readNull();
                return BsonNull.VALUE;
            case REGULAR_EXPRESSION:
                return r.readRegularExpression();
            case DB_POINTER:
                return r.readDBPointer();
            case JAVASCRIPT:
                return new BsonJavaScript(r.readJavaScript());
            case SYMBOL:
                return new BsonSymbol(r.readSymbol());
            case INT32:
                return new BsonInt32(r.readInt32());
            case TIMESTAMP:
                return r.readTimestamp();
            case INT64:
                return new BsonInt64(r.readInt64());
            case DECIMAL128:
                return new BsonDecimal128(r.readDecimal128());
            case MIN_KEY:
                r.readMinKey();
                return new BsonMinKey();
            case MAX_KEY:
                r.readMaxKey();
                return new BsonMaxKey();
            default: // JAVASCRIPT_WITH_SCOPE
                return CODEC.decode(r, CONTEXT);
        }
    }

    /** The document at the current position, as {@code BsonDocumentCodec} reads it. */
    static BsonDocument readDocument(BsonReader r) {
        BsonDocument d = new BsonDocument();
        r.readStartDocument();
        while (r.readBsonType() != org.bson.BsonType.END_OF_DOCUMENT) {
            String name = r.readName();
            d.put(name, read(r));
        }
        r.readEndDocument();
        return d;
    }

    private static BsonArray readArray(BsonReader r) {
        List<BsonValue> values = new ArrayList<>();
        r.readStartArray();
        while (r.readBsonType() != org.bson.BsonType.END_OF_DOCUMENT) {
            values.add(read(r));
        }
        r.readEndArray();
        return new BsonArray(values);
    }
}
