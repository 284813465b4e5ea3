package dev.prodguard.report;

import dev.prodguard.report.GrowthFit.Point;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Inline SVG charts for the report: no script, no network, readable in print (plain strokes, labelled axes). */
final class Svg {
    private Svg() {}

    /**
     * A line chart {@code w} x {@code h} of {@code points}, with a dashed {@code limit} line when above zero, the
     * value axis labelled by {@code label} and the time axis by the first and last dates.
     */
    static String line(List<Point> points, double limit, int w, int h, DoubleFunction<String> label, String title) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\">", w, h, w, h, Html.esc(title)));
        b.append("<title>").append(Html.esc(title)).append("</title>");
        int left = 72;
        int right = 8;
        int top = 8;
        int bottom = 22;
        double lo = points.stream().mapToDouble(Point::value).min().orElse(0);
        double hi = points.stream().mapToDouble(Point::value).max().orElse(1);
        if (limit > 0 && limit < hi * 4) {
            hi = Math.max(hi, limit);
        }
        lo = Math.min(lo, 0);
        if (hi <= lo) {
            hi = lo + 1;
        }
        long t0 = points.isEmpty() ? 0 : points.get(0).at().toEpochMilli();
        long t1 = points.isEmpty() ? 1 : Math.max(t0 + 1, points.get(points.size() - 1).at().toEpochMilli());
        double pw = w - left - right;
        double ph = h - top - bottom;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" class=\"frame\"/>",
                left, top, pw, ph));
        b.append(text(left - 6, top + 10, "end", label.apply(hi)));
        b.append(text(left - 6, h - bottom, "end", label.apply(lo)));
        if (!points.isEmpty()) {
            b.append(text(left, h - 6, "start", Words.date(points.get(0).at())));
            b.append(text(w - right, h - 6, "end", Words.date(points.get(points.size() - 1).at())));
        }
        if (limit > 0 && limit <= hi) {
            double y = top + ph - (limit - lo) / (hi - lo) * ph;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"limit\"/>", left,
                    y, left + pw, y));
            b.append(text(left + 4, (int) y + 13, "start", "limit " + label.apply(limit)));
        }
        if (points.size() == 1) {
            Point p = points.get(0);
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" class=\"dot\"/>", left + pw,
                    top + ph - (p.value() - lo) / (hi - lo) * ph));
        } else if (points.size() > 1) {
            b.append("<polyline class=\"series\" points=\"");
            for (Point p : points) {
                double x = left + (p.at().toEpochMilli() - t0) / (double) (t1 - t0) * pw;
                double y = top + ph - (p.value() - lo) / (hi - lo) * ph;
                b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("\"/>");
        }
        return b.append("</svg>").toString();
    }

    /** A small line without axes, for a table cell. */
    static String spark(List<Point> points, String title) {
        int w = 120;
        int h = 24;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"spark\" viewBox=\"0 0 %d %d\" width=\"%d\""
                + " height=\"%d\" role=\"img\" aria-label=\"%s\">", w, h, w, h,
                Html.esc(title)));
        if (points.size() > 1) {
            double lo = points.stream().mapToDouble(Point::value).min().getAsDouble();
            double hi = points.stream().mapToDouble(Point::value).max().getAsDouble();
            double span = hi > lo ? hi - lo : 1;
            long t0 = points.get(0).at().toEpochMilli();
            long t1 = Math.max(t0 + 1, points.get(points.size() - 1).at().toEpochMilli());
            b.append("<polyline class=\"series\" points=\"");
            for (Point p : points) {
                b.append(String.format(Locale.ROOT, "%.1f,%.1f ", 1 + (p.at().toEpochMilli() - t0) / (double) (t1 - t0)
                        * (w - 2), h - 2 - (p.value() - lo) / span * (h - 4)));
            }
            b.append("\"/>");
        }
        return b.append("</svg>").toString();
    }

    private static String text(int x, int y, String anchor, String s) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + Html.esc(s) + "</text>";
    }
}
