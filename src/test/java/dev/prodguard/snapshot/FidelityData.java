package dev.prodguard.snapshot;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/** A database holding every BSON type, awkward names, deep nesting, a 12 MB document and an empty collection. */
final class FidelityData {
    static final String TYPES = "types";
    static final String IDS = "ids of every type";
    static final String DOTTED = "a.b.c";
    static final String UNICODE = "日本語 коллекция ✓";
    static final String BIG = "big";
    static final String EMPTY = "empty";

    private FidelityData() {}

    /**
     * Values mongo-java-server 1.47 cannot keep (measured): it rejects binary subtypes 1 and 5,
     * JavaScript-with-scope, symbol and DBPointer (drops the connection), turns binary subtype 0x80
     * into 0, undefined into null, and negative NaN Decimal128 into NaN. Real MongoDB keeps them all.
     */
    static final java.util.Set<String> EMBEDDED_CANNOT_STORE = java.util.Set.of("bin_function", "bin_md5", "bin_user",
            "js_scope", "symbol", "dbpointer", "undefined", "dec_neg_nan");

    /** Every value type BSON has, edge values included; without what the embedded server loses when {@code embedded}. */
    static BsonDocument everyType(boolean embedded) {
        BsonDocument d = everyType();
        if (embedded) {
            EMBEDDED_CANNOT_STORE.forEach(d::remove);
        }
        return d;
    }

    /** Every value type BSON has, edge values included. */
    static BsonDocument everyType() {
        BsonDocument d = new BsonDocument("_id", new BsonInt32(1));
        d.append("dec_nan", new BsonDecimal128(Decimal128.NaN));
        d.append("dec_neg_nan", new BsonDecimal128(Decimal128.NEGATIVE_NaN));
        d.append("dec_inf", new BsonDecimal128(Decimal128.POSITIVE_INFINITY));
        d.append("dec_neg_inf", new BsonDecimal128(Decimal128.NEGATIVE_INFINITY));
        d.append("dec_neg_zero", new BsonDecimal128(Decimal128.NEGATIVE_ZERO));
        d.append("dec_max", new BsonDecimal128(Decimal128.parse("9.999999999999999999999999999999999E+6144")));
        d.append("dec_min_pos", new BsonDecimal128(Decimal128.parse("1E-6176")));
        d.append("dec_money", new BsonDecimal128(Decimal128.parse("1234567.890000")));
        d.append("i64_max", new BsonInt64(Long.MAX_VALUE));
        d.append("i64_min", new BsonInt64(Long.MIN_VALUE));
        d.append("i32_max", new BsonInt32(Integer.MAX_VALUE));
        d.append("i32_min", new BsonInt32(Integer.MIN_VALUE));
        d.append("dbl_neg_zero", new BsonDouble(-0.0));
        d.append("dbl_nan", new BsonDouble(Double.NaN));
        d.append("dbl_inf", new BsonDouble(Double.POSITIVE_INFINITY));
        d.append("dbl_min", new BsonDouble(Double.MIN_VALUE));
        d.append("date_1600", new BsonDateTime(-11676096000000L));
        d.append("date_epoch_minus_1", new BsonDateTime(-1L));
        d.append("date_9999", new BsonDateTime(253402300799999L));
        d.append("oid", new BsonObjectId(new ObjectId("5f1a2b3c4d5e6f7a8b9c0d1e")));
        d.append("bin_generic", new BsonBinary(new byte[] {0, 1, 2, (byte) 0xFF}));
        d.append("bin_function", new BsonBinary(BsonBinarySubType.FUNCTION, new byte[] {1}));
        d.append("bin_uuid_legacy", new BsonBinary(BsonBinarySubType.UUID_LEGACY, new byte[16]));
        d.append("bin_uuid", new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), UuidRepresentation.STANDARD));
        d.append("bin_md5", new BsonBinary(BsonBinarySubType.MD5, new byte[16]));
        d.append("bin_user", new BsonBinary((byte) 0x80, new byte[] {9, 8, 7}));
        d.append("bin_empty", new BsonBinary(new byte[0]));
        d.append("regex", new BsonRegularExpression("^a.*b$", "imsx"));
        d.append("regex_noflags", new BsonRegularExpression("x"));
        d.append("ts", new BsonTimestamp(1700000000, 7));
        d.append("ts_zero", new BsonTimestamp(0L));
        d.append("min", new BsonMinKey());
        d.append("max", new BsonMaxKey());
        d.append("js", new BsonJavaScript("function() { return 1; }"));
        d.append("js_scope", new BsonJavaScriptWithScope("function() { return x; }", new BsonDocument("x", new BsonInt32(1))));
        d.append("symbol", new BsonSymbol("sym"));
        d.append("dbpointer", new BsonDbPointer("db.coll", new ObjectId("5f1a2b3c4d5e6f7a8b9c0d1f")));
        d.append("undefined", new BsonUndefined());
        d.append("null", BsonNull.VALUE);
        d.append("true", BsonBoolean.TRUE);
        d.append("false", BsonBoolean.FALSE);
        d.append("empty_doc", new BsonDocument());
        d.append("empty_array", new BsonArray());
        d.append("mixed_array", new BsonArray(List.of(new BsonInt32(1), new BsonString("two"), new BsonArray(),
                new BsonDocument("k", BsonNull.VALUE))));
        d.append("string_unicode", new BsonString("héllo wörld ✓ 😀 \u0000 inside"));
        d.append("string_empty", new BsonString(""));
        d.append("field with spaces", new BsonInt32(1));
        d.append("ünïcødé ключ 鍵 😀", new BsonInt32(2));
        d.append("zz_last_before_a", new BsonInt32(3)); // field order is not alphabetical
        d.append("a_first_after_zz", new BsonInt32(4));
        d.append("deep_doc", nested(60, false));
        d.append("deep_array", nested(60, true));
        return d;
    }

    static BsonValue nested(int depth, boolean array) {
        BsonValue v = new BsonString("bottom");
        for (int i = 0; i < depth; i++) {
            v = array ? new BsonArray(List.of(v)) : new BsonDocument("l" + i, v);
        }
        return v;
    }

    /** One document per _id type, the _id of a document type included. */
    static List<BsonDocument> idsOfEveryType() {
        List<BsonValue> ids = List.of(new BsonInt32(7), new BsonInt64(Long.MIN_VALUE), new BsonDouble(2.5),
                new BsonString("string id"), new BsonString(""), new BsonObjectId(new ObjectId("5f1a2b3c4d5e6f7a8b9c0d20")),
                new BsonDocument("b", new BsonInt32(2)).append("a", new BsonInt32(1)), new BsonDocument(),
                new BsonBinary(UUID.fromString("00000000-0000-0000-0000-000000000001"), UuidRepresentation.STANDARD),
                new BsonDateTime(-1000L),
                new BsonDecimal128(Decimal128.parse("-0.00")), new BsonTimestamp(5, 6), new BsonMinKey(), new BsonMaxKey(),
                BsonBoolean.TRUE, new BsonRegularExpression("r", "i"), BsonNull.VALUE);
        List<BsonDocument> out = new ArrayList<>();
        int i = 0;
        for (BsonValue id : ids) {
            out.add(new BsonDocument("_id", id).append("n", new BsonInt32(i++)));
        }
        return out;
    }

    /** Fills {@code db}; returns the collections it created. */
    static List<String> fill(MongoDatabase db, int bulkDocs, boolean embedded) {
        db.getCollection(TYPES, BsonDocument.class).insertOne(everyType(embedded));
        db.getCollection(IDS, BsonDocument.class).insertMany(idsOfEveryType());
        List<BsonDocument> bulk = new ArrayList<>();
        Random r = new Random(42);
        for (int i = 0; i < bulkDocs; i++) {
            bulk.add(new BsonDocument("_id", new BsonInt32(i)).append("user", new BsonString("u" + r.nextInt(1000)))
                    .append("amount", new BsonDecimal128(new Decimal128(new java.math.BigDecimal(r.nextInt(1_000_000))
                            .movePointLeft(2))))
                    .append("at", new BsonDateTime(1_700_000_000_000L + i)));
        }
        if (!bulk.isEmpty()) {
            db.getCollection(DOTTED, BsonDocument.class).insertMany(bulk);
        }
        db.getCollection(UNICODE, BsonDocument.class).insertOne(new BsonDocument("_id", new BsonString("ключ"))
                .append("v", new BsonString("値")));
        byte[] big = new byte[12 * 1024 * 1024];
        r.nextBytes(big);
        db.getCollection(BIG, BsonDocument.class).insertOne(new BsonDocument("_id", new BsonInt32(1))
                .append("payload", new BsonBinary(big)));
        db.createCollection(EMPTY, new CreateCollectionOptions());
        db.getCollection(DOTTED).createIndex(Indexes.ascending("user"), new IndexOptions().name("by_user"));
        db.getCollection(DOTTED).createIndex(Indexes.compoundIndex(Indexes.ascending("user"), Indexes.descending("at")),
                new IndexOptions().name("user_at").unique(true));
        return List.of(TYPES, IDS, DOTTED, UNICODE, BIG, EMPTY);
    }
}
