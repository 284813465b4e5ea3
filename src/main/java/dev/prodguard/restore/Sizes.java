package dev.prodguard.restore;

import java.util.Locale;

/** Human-readable byte sizes (1024-based, one decimal). */
public final class Sizes {
    private Sizes() {}

    /** e.g. "0 B", "512 B", "1.5 KiB", "12.3 MiB". */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
