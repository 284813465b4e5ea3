package dev.prodguard.report;

import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The report's few formats: sizes and instants are the shared ones ({@link Sizes}, {@link Instants}); dates
 * ({@code 2027-03-14}), day counts, numbers, money and shares are the report's own.
 */
final class Words {
    private Words() {}

    static String size(double bytes) {
        return Sizes.human(Math.round(bytes));
    }

    static String instant(Instant t) {
        return t == null ? "never" : Instants.human(t);
    }

    static String date(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    static String days(Duration d) {
        double days = d.toMillis() / 86_400_000.0;
        if (days >= 2) {
            return Math.round(days) + " days";
        }
        double hours = d.toMillis() / 3_600_000.0;
        if (hours >= 2) {
            return Math.round(hours) + " hours";
        }
        long minutes = Math.max(0, Math.round(d.toMillis() / 60_000.0));
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    static String window(Instant from, Instant to) {
        return instant(from) + " to " + instant(to);
    }

    static String number(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static String money(double usd) {
        return usd == 0 ? "free" : String.format(Locale.ROOT, "about $%,.0f a month", usd);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
