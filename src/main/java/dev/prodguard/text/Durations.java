package dev.prodguard.text;

import java.time.Duration;

/**
 * Durations for people, in their two largest units: {@code 2 d 3 h}, {@code 1 h 5 min}, {@code 4 min 10 s},
 * {@code 12 s}; below ten seconds with one decimal ({@code 2.4 s}), below one second in milliseconds ({@code 850 ms}).
 */
public final class Durations {
    private Durations() {}

    /** e.g. "2 d 3 h", "1 h 5 min", "12 min", "4 min 10 s", "12 s", "2.4 s", "850 ms", "0 s"; a negative duration counts as zero. */
    public static String human(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            return "0 s";
        }
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + " ms";
        }
        if (s < 10) {
            long tenths = d.toMillis() / 100; // truncated, as the larger units are
            return tenths / 10 + "." + tenths % 10 + " s";
        }
        if (s >= 86_400) {
            return two(s / 86_400, "d", (s % 86_400) / 3600, "h");
        }
        if (s >= 3600) {
            return two(s / 3600, "h", (s % 3600) / 60, "min");
        }
        if (s >= 60) {
            return two(s / 60, "min", s % 60, "s");
        }
        return s + " s";
    }

    /** {@link #human(Duration)} of a number of milliseconds. */
    public static String millis(long ms) {
        return human(Duration.ofMillis(ms));
    }

    private static String two(long big, String bigUnit, long small, String smallUnit) {
        return big + " " + bigUnit + (small == 0 ? "" : " " + small + " " + smallUnit);
    }
}
