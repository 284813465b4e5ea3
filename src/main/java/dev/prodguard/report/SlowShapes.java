package dev.prodguard.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bson.Document;

/**
 * Slow operations grouped by shape, from profiler entries ({@code system.profile}: {@code {op, ns, millis,
 * command: {find|update|delete|aggregate..., filter|q|pipeline}, planSummary}}): the operation, the namespace and
 * the filter's field names with their values left out, so {@code {email: "a"}} and {@code {email: "b"}} are one
 * shape. Worst first: by total time.
 */
public final class SlowShapes {
    private SlowShapes() {}

    /** One shape: how often, total and slowest time, and the plan the server chose last. */
    public record Shape(String op, String ns, String shape, long count, long totalMillis, long slowestMillis,
            String plan) {}

    /** Groups {@code entries} at least {@code minMillis} slow; at most {@code limit} shapes, worst first. */
    public static List<Shape> of(List<Document> entries, long minMillis, int limit) {
        Map<String, long[]> stats = new LinkedHashMap<>();
        Map<String, String[]> names = new LinkedHashMap<>();
        for (Document e : entries) {
            long millis = e.get("millis") instanceof Number n ? n.longValue() : -1;
            if (millis < minMillis) {
                continue;
            }
            String op = String.valueOf(e.get("op"));
            String ns = String.valueOf(e.get("ns"));
            String shape = shape(e);
            String id = op + "\u0000" + ns + "\u0000" + shape;
            long[] s = stats.computeIfAbsent(id, k -> new long[3]);
            s[0]++;
            s[1] += millis;
            s[2] = Math.max(s[2], millis);
            names.put(id, new String[] {op, ns, shape, e.get("planSummary") == null ? "" : String.valueOf(e.get("planSummary"))});
        }
        List<Shape> out = new ArrayList<>();
        stats.forEach((id, s) -> {
            String[] n = names.get(id);
            out.add(new Shape(n[0], n[1], n[2], s[0], s[1], s[2], n[3]));
        });
        out.sort((a, b) -> Long.compare(b.totalMillis(), a.totalMillis()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** The filter's field names, sorted, values replaced by {@code ?}: {@code {email: ?, status: ?}}. */
    static String shape(Document entry) {
        Object cmd = entry.get("command");
        Document c = cmd instanceof Document d ? d : new Document();
        Object filter = c.get("filter");
        if (filter == null) {
            filter = c.get("q");
        }
        if (filter == null && c.get("updates") instanceof List<?> u && !u.isEmpty() && u.get(0) instanceof Document d) {
            filter = d.get("q");
        }
        if (filter == null && c.get("pipeline") instanceof List<?> p && !p.isEmpty() && p.get(0) instanceof Document d) {
            filter = d.get("$match");
        }
        if (filter == null) {
            filter = entry.get("query");
        }
        if (!(filter instanceof Document f) || f.isEmpty()) {
            return "{}";
        }
        TreeSet<String> keys = new TreeSet<>();
        collect(f, "", keys);
        return "{" + String.join(", ", keys.stream().map(k -> k + ": ?").toList()) + "}";
    }

    private static void collect(Document f, String prefix, TreeSet<String> keys) {
        for (Map.Entry<String, Object> e : f.entrySet()) {
            String k = e.getKey();
            if ((k.equals("$and") || k.equals("$or") || k.equals("$nor")) && e.getValue() instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Document d) {
                        collect(d, prefix, keys);
                    }
                }
            } else if (!k.startsWith("$")) {
                keys.add(prefix + k);
            }
        }
    }
}
