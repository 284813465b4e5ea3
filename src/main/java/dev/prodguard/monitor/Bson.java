package dev.prodguard.monitor;

import java.util.Date;
import java.util.List;
import java.util.OptionalDouble;
import org.bson.Document;
import org.bson.types.Decimal128;

/** Small readers for command replies: numbers of any BSON numeric type, nested paths, lists. */
final class Bson {
    private Bson() {}

    /** The value at a dotted path, or null when any step is missing or not a document. */
    static Object at(Document doc, String path) {
        Object cur = doc;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Document d)) {
                return null;
            }
            cur = d.get(part);
        }
        return cur;
    }

    /** The number at a dotted path (int, long, double or Decimal128), or empty. */
    static OptionalDouble num(Document doc, String path) {
        Object v = at(doc, path);
        if (v instanceof Decimal128 d) {
            return OptionalDouble.of(d.doubleValue());
        }
        if (v instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        return OptionalDouble.empty();
    }

    /** The number at a path as a long, or {@code fallback}. */
    static long lng(Document doc, String path, long fallback) {
        OptionalDouble d = num(doc, path);
        return d.isPresent() ? (long) d.getAsDouble() : fallback;
    }

    /** The sub-document at a path, or null. */
    static Document doc(Document doc, String path) {
        return at(doc, path) instanceof Document d ? d : null;
    }

    /** The string at a path, or null. */
    static String str(Document doc, String path) {
        Object v = at(doc, path);
        return v == null ? null : String.valueOf(v);
    }

    /** The date at a path, or null. */
    static Date date(Document doc, String path) {
        return at(doc, path) instanceof Date d ? d : null;
    }

    /** The documents in the array at a path; empty when absent. */
    static List<Document> docs(Document doc, String path) {
        if (!(at(doc, path) instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Document.class::isInstance).map(Document.class::cast).toList();
    }
}
