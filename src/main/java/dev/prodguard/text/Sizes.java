package dev.prodguard.text;

import java.util.Locale;

/** Byte sizes for people, in binary units with one decimal: {@code 512 B}, {@code 1.4 MiB}, {@code 12.0 GiB}. */
public final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {}

    /** e.g. "0 B", "512 B", "1.5 KiB", "12.3 MiB"; a negative size reads "unknown". */
    public static String human(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        if (v >= 1023.95 && u < UNITS.length - 1) { // 1023.96 KiB would print "1024.0 KiB"
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
