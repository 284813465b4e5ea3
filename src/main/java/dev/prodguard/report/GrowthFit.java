package dev.prodguard.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A robust straight-line fit of a metric's history: the Theil-Sen slope (the median of the slopes between every
 * pair of points, unmoved by a few outliers) with Sen's distribution-free 90 % confidence interval (the pairwise
 * slopes at the ranks {@code (N -/+ z * sqrt(n(n-1)(2n+5)/18)) / 2}), and the level now (the median of each point
 * carried forward along the slope). Long histories are first averaged into at most {@link #MAX_POINTS} time
 * buckets, so the pairwise step stays small.
 *
 * @param points the points the fit used (after bucketing)
 * @param span from the first to the last point
 * @param perDay the median slope, in the metric's unit per day
 * @param lowPerDay the lower end of the slope's 90 % interval
 * @param highPerDay the upper end of the slope's 90 % interval
 * @param levelNow the fitted value at {@code at}
 * @param at the instant the fit is anchored at (the report's end)
 */
public record GrowthFit(int points, Duration span, double perDay, double lowPerDay, double highPerDay, double levelNow,
        Instant at) {
    /** Bucketing keeps at most this many points (O(n^2) pairs: 240 points are 28,680 slopes). */
    static final int MAX_POINTS = 240;
    /** The fewest points a fit needs. */
    public static final int MIN_POINTS = 6;
    /** The standard normal quantile of a two-sided 90 % interval. */
    static final double Z90 = 1.6448536;
    private static final double DAY_MS = 86_400_000.0;

    /** One observation. */
    public record Point(Instant at, double value) {}

    /**
     * The fit of {@code history} anchored at {@code now}; empty with fewer than {@link #MIN_POINTS} points at
     * distinct times.
     */
    public static Optional<GrowthFit> of(List<Point> history, Instant now) {
        List<Point> pts = bucket(history);
        int n = pts.size();
        if (n < MIN_POINTS) {
            return Optional.empty();
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (pts.get(i).at().toEpochMilli() - now.toEpochMilli()) / DAY_MS; // days before now (negative)
            y[i] = pts.get(i).value();
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        if (k < MIN_POINTS) {
            return Optional.empty();
        }
        slopes = Arrays.copyOf(slopes, k);
        Arrays.sort(slopes);
        double median = median(slopes);
        double c = Z90 * Math.sqrt(n * (n - 1.0) * (2.0 * n + 5.0) / 18.0);
        int lower = clamp((int) Math.floor((k - c) / 2.0) - 1, k);    // rank M1 (1-based) -> index M1 - 1, floor: wider
        int upper = clamp((int) Math.ceil((k + c) / 2.0), k);         // rank M2 + 1 (1-based) -> index M2, ceil: wider
        double[] carried = new double[n];
        for (int i = 0; i < n; i++) {
            carried[i] = y[i] - median * x[i];
        }
        Arrays.sort(carried);
        Duration span = Duration.between(pts.get(0).at(), pts.get(n - 1).at());
        return Optional.of(new GrowthFit(n, span, median, slopes[lower], slopes[upper], median(carried), now));
    }

    /** The instant the fitted line at {@code perDay} reaches {@code limit} (empty when it never does going forward). */
    public Optional<Instant> reaches(double limit, double slopePerDay) {
        if (levelNow >= limit) {
            return Optional.of(at);
        }
        if (slopePerDay <= 0) {
            return Optional.empty();
        }
        double days = (limit - levelNow) / slopePerDay;
        if (days > 365.0 * 100) {
            return Optional.empty();
        }
        return Optional.of(at.plusMillis((long) (days * DAY_MS)));
    }

    /** The fitted value {@code ahead} from now at {@code slopePerDay}. */
    public double projected(Duration ahead, double slopePerDay) {
        return levelNow + slopePerDay * ahead.toMillis() / DAY_MS;
    }

    /** Averages points into at most {@link #MAX_POINTS} equal time buckets (sorted, oldest first). */
    static List<Point> bucket(List<Point> history) {
        List<Point> sorted = new ArrayList<>(history);
        sorted.sort((a, b) -> a.at().compareTo(b.at()));
        if (sorted.size() <= MAX_POINTS) {
            return sorted;
        }
        long first = sorted.get(0).at().toEpochMilli();
        long width = Math.max(1, (sorted.get(sorted.size() - 1).at().toEpochMilli() - first) / MAX_POINTS + 1);
        List<Point> out = new ArrayList<>();
        long bucket = -1;
        double sum = 0;
        double atSum = 0;
        int count = 0;
        for (Point p : sorted) {
            long b = (p.at().toEpochMilli() - first) / width;
            if (b != bucket && count > 0) {
                out.add(new Point(Instant.ofEpochMilli((long) (atSum / count)), sum / count));
                sum = 0;
                atSum = 0;
                count = 0;
            }
            bucket = b;
            sum += p.value();
            atSum += p.at().toEpochMilli();
            count++;
        }
        if (count > 0) {
            out.add(new Point(Instant.ofEpochMilli((long) (atSum / count)), sum / count));
        }
        return out;
    }

    private static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    private static int clamp(int i, int k) {
        return Math.max(0, Math.min(k - 1, i));
    }
}
