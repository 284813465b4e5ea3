package dev.prodguard.report;

import dev.prodguard.monitor.SampleStore;
import dev.prodguard.monitor.SeriesPoint;
import dev.prodguard.monitor.ServerStatusReply;
import dev.prodguard.report.CapacityAdvisor.Metric;
import dev.prodguard.report.GrowthFit.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The three histories the advisor fits, read from the guardian's monitoring history: storage counted against the
 * quota ({@code storage.used_bytes}), connections in use ({@code connections.current}, each hour's peak once rolled
 * up) and operations per second (the sum of {@code ops.*.rate} per sample).
 */
final class CapacityHistory {
    private CapacityHistory() {}

    static Metric storage(SampleStore store, Instant from, Instant to) {
        return new Metric("storage", "bytes", "storage.used_bytes (atlasSize or dbStats: data plus indexes), "
                + Words.window(from, to), points(store.series("storage.used_bytes", "", from, to), false));
    }

    static Metric connections(SampleStore store, Instant from, Instant to) {
        return new Metric("connections", "connections", "connections.current (serverStatus), hourly peaks beyond 35 days, "
                + Words.window(from, to), points(store.series("connections.current", "", from, to), true));
    }

    static Metric operations(SampleStore store, Instant from, Instant to) {
        TreeMap<Instant, Double> sum = new TreeMap<>();
        for (String op : ServerStatusReply.OpCounters.NAMES) {
            for (SeriesPoint p : store.series("ops." + op + ".rate", "", from, to)) {
                sum.merge(p.at(), p.count() > 1 ? p.max() : p.value(), Double::sum);
            }
        }
        List<Point> out = new ArrayList<>();
        sum.forEach((at, v) -> out.add(new Point(at, v)));
        return new Metric("operations per second", "operations/s", "the sum of ops.*.rate (serverStatus.opcounters"
                + " between samples), " + Words.window(from, to), out);
    }

    static List<Point> points(List<SeriesPoint> series, boolean peaks) {
        return series.stream().map(p -> new Point(p.at(), peaks ? p.max() : p.value())).toList();
    }
}
