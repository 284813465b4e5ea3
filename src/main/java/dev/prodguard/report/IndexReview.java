package dev.prodguard.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The index review's pure parts, on MongoDB's documented reply shapes: {@code listIndexes} documents
 * ({@code {v, key, name, unique?, partialFilterExpression?}}) for indexes that are a prefix of another,
 * {@code $indexStats} documents ({@code {name, key, host, accesses: {ops, since}}}) for indexes never used since
 * the server began counting, and profiler entries ({@code system.profile}: {@code {op, ns, millis, planSummary,
 * ts}}) for collection scans.
 */
public final class IndexReview {
    private IndexReview() {}

    /** An index of a collection: its name and key pattern in order. */
    public record Index(String collection, String name, List<Map.Entry<String, Object>> key, boolean unique,
            boolean partial) {
        /** The key as people write it: {@code {a: 1, b: -1}}. */
        public String keyText() {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<String, Object> e : key) {
                b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue());
            }
            return b.append('}').toString();
        }
    }

    /** An index whose key is a leading part of another's: queries it serves, the longer one serves too. */
    public record Redundant(String collection, String index, String key, String coveredBy, String coveredByKey) {}

    /** An index {@code $indexStats} counted no use of since {@code since}, on {@code host}. */
    public record Unused(String collection, String index, String key, long ops, Instant since, String host) {}

    /** Collection scans the profiler recorded for one namespace in the window. */
    public record Scans(String ns, long count, long slowestMillis) {}

    /** Parses {@code listIndexes} documents of {@code collection}. */
    public static List<Index> indexes(String collection, List<Document> docs) {
        List<Index> out = new ArrayList<>();
        for (Document d : docs) {
            Object key = d.get("key");
            if (!(key instanceof Document k)) {
                continue;
            }
            out.add(new Index(collection, String.valueOf(d.get("name")), List.copyOf(new ArrayList<>(k.entrySet())),
                    Boolean.TRUE.equals(d.get("unique")), d.containsKey("partialFilterExpression")));
        }
        return out;
    }

    /**
     * Indexes whose key (fields and directions) is a strict leading part of another index's key on the same
     * collection. Unique and partial indexes are never called redundant (they enforce or select something the
     * longer one does not), nor is {@code _id_}; only plain ascending/descending keys are compared.
     */
    public static List<Redundant> prefixRedundant(List<Index> indexes) {
        List<Redundant> out = new ArrayList<>();
        for (Index a : indexes) {
            if (a.name().equals("_id_") || a.unique() || a.partial() || !plain(a)) {
                continue;
            }
            for (Index b : indexes) {
                if (b == a || !b.collection().equals(a.collection()) || b.key().size() <= a.key().size() || !plain(b)) {
                    continue;
                }
                if (b.key().subList(0, a.key().size()).equals(a.key()) || sameNumbers(a, b)) {
                    out.add(new Redundant(a.collection(), a.name(), a.keyText(), b.name(), b.keyText()));
                    break;
                }
            }
        }
        return out;
    }

    private static boolean sameNumbers(Index a, Index b) {
        for (int i = 0; i < a.key().size(); i++) {
            Map.Entry<String, Object> x = a.key().get(i);
            Map.Entry<String, Object> y = b.key().get(i);
            if (!x.getKey().equals(y.getKey()) || Math.signum(num(x.getValue())) != Math.signum(num(y.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(Index i) {
        return i.key().stream().allMatch(e -> e.getValue() instanceof Number);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    /** The indexes of {@code collection} with no counted use ({@code accesses.ops} 0), {@code _id_} left out. */
    public static List<Unused> unused(String collection, List<Document> indexStats) {
        List<Unused> out = new ArrayList<>();
        for (Document d : indexStats) {
            String name = String.valueOf(d.get("name"));
            Object acc = d.get("accesses");
            if (name.equals("_id_") || !(acc instanceof Document a)) {
                continue;
            }
            long ops = a.get("ops") instanceof Number n ? n.longValue() : -1;
            if (ops == 0) {
                Instant since = a.get("since") instanceof Date t ? t.toInstant() : null;
                String key = d.get("key") instanceof Document k ? indexes(collection, List.of(new Document("name", name)
                        .append("key", k))).get(0).keyText() : "";
                out.add(new Unused(collection, name, key, ops, since, String.valueOf(d.get("host"))));
            }
        }
        return out;
    }

    /** Collection scans among profiler entries ({@code planSummary} "COLLSCAN"), most first. */
    public static List<Scans> collectionScans(List<Document> profile) {
        Map<String, long[]> by = new java.util.TreeMap<>();
        for (Document d : profile) {
            if ("COLLSCAN".equals(d.get("planSummary"))) {
                long[] s = by.computeIfAbsent(String.valueOf(d.get("ns")), k -> new long[2]);
                s[0]++;
                s[1] = Math.max(s[1], d.get("millis") instanceof Number n ? n.longValue() : 0);
            }
        }
        List<Scans> out = new ArrayList<>();
        by.forEach((ns, s) -> out.add(new Scans(ns, s[0], s[1])));
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }
}
