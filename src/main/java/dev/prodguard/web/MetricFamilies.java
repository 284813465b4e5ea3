package dev.prodguard.web;

import dev.prodguard.monitor.ServerStatusReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics each sampler writes to the monitoring history, by the sampler's name in URLs
 * ({@code /api/metrics/collection-growth}: its name with spaces as dashes).
 */
final class MetricFamilies {
    private static final Map<String, List<String>> BY_SAMPLER = new LinkedHashMap<>();

    static {
        BY_SAMPLER.put("connections", List.of("connections.current", "connections.available", "connections.limit",
                "connections.share"));
        List<String> ops = new ArrayList<>();
        for (String op : ServerStatusReply.OpCounters.NAMES) {
            ops.add("ops." + op + ".rate");
        }
        BY_SAMPLER.put("operation counters", List.copyOf(ops));
        BY_SAMPLER.put("slow operations", List.of("slowops.count", "slowops.max_ms"));
        BY_SAMPLER.put("storage", List.of("storage.used_bytes", "storage.quota_bytes", "storage.quota_share",
                "storage.data_bytes", "storage.storage_bytes", "storage.index_bytes"));
        BY_SAMPLER.put("collection growth", List.of("collection.count", "collection.size_bytes",
                "collection.storage_bytes", "collection.index_bytes"));
        BY_SAMPLER.put("elections", List.of("elections.count"));
    }

    private MetricFamilies() {}

    /** The sampler's name as a URL segment. */
    static String slug(String samplerName) {
        return samplerName.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** Every sampler's URL segment. */
    static List<String> slugs() {
        return BY_SAMPLER.keySet().stream().map(MetricFamilies::slug).toList();
    }

    /** The metrics of the sampler with this URL segment (empty: no such sampler). */
    static List<String> metrics(String slug) {
        return BY_SAMPLER.entrySet().stream().filter(e -> slug(e.getKey()).equals(slug)).map(Map.Entry::getValue)
                .findFirst().orElse(List.of());
    }

    /** Every metric of every sampler. */
    static List<String> all() {
        return BY_SAMPLER.values().stream().flatMap(List::stream).toList();
    }
}
