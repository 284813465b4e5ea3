package dev.prodguard.verify;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * Equality of aggregation results as a person means it: numbers equal by value whatever their BSON
 * type (Decimal128 {@code 100.50} equals Int32 {@code 100} plus {@code 0.5}), documents equal field by
 * field regardless of order, arrays element by element, everything else by BSON equality.
 */
public final class BsonEquivalence {
    private BsonEquivalence() {}

    public static boolean equivalent(BsonValue a, BsonValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() || a.isDecimal128()) {
            if (!(b.isNumber() || b.isDecimal128())) {
                return false;
            }
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(b);
            if (x == null || y == null) {
                return a.equals(b); // NaN or infinity: only the same special value matches
            }
            return x.compareTo(y) == 0;
        }
        if (a.isDocument() && b.isDocument()) {
            BsonDocument x = a.asDocument();
            BsonDocument y = b.asDocument();
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Map.Entry<String, BsonValue> e : x.entrySet()) {
                if (!equivalent(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            BsonArray x = a.asArray();
            BsonArray y = b.asArray();
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<BsonValue> i = x.iterator();
            Iterator<BsonValue> j = y.iterator();
            while (i.hasNext()) {
                if (!equivalent(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal decimal(BsonValue v) {
        switch (v.getBsonType()) {
            case INT32:
                return BigDecimal.valueOf(v.asInt32().getValue());
            case INT64:
                return BigDecimal.valueOf(v.asInt64().getValue());
            case DOUBLE:
                double d = v.asDouble().getValue();
                return Double.isFinite(d) ? new BigDecimal(d) : null;
            case DECIMAL128:
                Decimal128 dec = v.asDecimal128().getValue();
                return dec.isNaN() || dec.isInfinite() ? null : dec.bigDecimalValue();
            default:
                return null;
        }
    }
}
