package dev.prodguard.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.error.ProdguardException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code prune} keeps, from the {@code retention:} section of prodguard.yml: every change for
 * {@code changes} (the point-in-time window), the newest snapshot of each day for {@code daily}, of
 * each ISO week for {@code weekly}, always the {@code newest} snapshots, and unreferenced objects
 * younger than {@code orphanGrace}, and safety snapshots (taken before a forced restore) for {@code safety}
 * from when they finished, outside every other rule. Durations are written {@code 90m}, {@code 36h},
 * {@code 7d}, {@code 12w} or ISO-8601 ({@code P7D}).
 */
public record RetentionPolicy(Duration changes, Duration daily, Duration weekly, int newest, Duration orphanGrace,
        Duration safety, List<String> warnings) {
    /** The keys of the {@code retention:} section. */
    public static final Set<String> KEYS = Set.of("changes", "daily", "weekly", "newest", "orphanGrace", "safety");
    /** How long safety snapshots are kept by default: long enough to notice that a forced restore was a mistake. */
    public static final Duration DEFAULT_SAFETY = Duration.ofDays(30);

    public RetentionPolicy {
        safety = safety == null ? DEFAULT_SAFETY : safety;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A policy keeping safety snapshots for the default {@link #DEFAULT_SAFETY}. */
    public RetentionPolicy(Duration changes, Duration daily, Duration weekly, int newest, Duration orphanGrace,
            List<String> warnings) {
        this(changes, daily, weekly, newest, orphanGrace, DEFAULT_SAFETY, warnings);
    }

    /**
     * The defaults: changes 7 days (the guide's 2-day point-in-time figure, widened so a problem found
     * after a weekend is still undoable), daily snapshots 35 days (the guide's 35-day figure), weekly
     * 12 weeks, the newest 3 snapshots always, orphan grace 24 hours.
     */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Duration.ofDays(7), Duration.ofDays(35), Duration.ofDays(84), 3,
                Duration.ofHours(24), List.of());
    }

    /**
     * Parses the {@code retention:} section (missing: the defaults) and validates it.
     *
     * @throws ProdguardException CONFIG naming the key when a value is impossible
     */
    public static RetentionPolicy parse(JsonNode section) {
        RetentionPolicy d = defaults();
        if (section == null || section.isMissingNode() || section.isNull()) {
            return d;
        }
        if (!section.isObject()) {
            throw ProdguardException.config("prodguard.yml retention: must be a mapping of " + known()
                    + " (e.g. changes: 7d), not " + section.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                // a typo here would silently fall back to a default and delete what the user meant to keep
                throw ProdguardException.config("prodguard.yml retention." + k + " is not a retention setting; use "
                        + known());
            }
        }
        Duration changes = duration(section, "changes", d.changes());
        Duration daily = duration(section, "daily", d.daily());
        Duration weekly = duration(section, "weekly", d.weekly());
        Duration grace = duration(section, "orphanGrace", d.orphanGrace());
        Duration safety = duration(section, "safety", d.safety());
        int newest = d.newest();
        JsonNode n = section.get("newest");
        if (n != null) {
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                throw ProdguardException.config("prodguard.yml retention.newest must be a whole number of at least 1"
                        + " (the newest snapshot is never deleted), was '" + n.asText() + "'");
            }
            newest = n.asInt();
        }
        RetentionPolicy p = validate(changes, daily, weekly, newest, grace);
        nonNegative("safety", safety);
        return new RetentionPolicy(p.changes(), p.daily(), p.weekly(), p.newest(), p.orphanGrace(), safety, p.warnings());
    }

    /** Checks a policy built in code; impossible values throw CONFIG, unwise ones become warnings. */
    public static RetentionPolicy validate(Duration changes, Duration daily, Duration weekly, int newest,
            Duration orphanGrace) {
        nonNegative("changes", changes);
        nonNegative("daily", daily);
        nonNegative("weekly", weekly);
        nonNegative("orphanGrace", orphanGrace);
        if (newest < 1) {
            throw ProdguardException.config("prodguard.yml retention.newest must be at least 1, was " + newest);
        }
        List<String> w = new ArrayList<>();
        if (changes.compareTo(Duration.ofDays(1)) < 0) {
            w.add("prodguard.yml retention.changes is " + text(changes) + ": changes are kept less than a day, so a"
                    + " mistake noticed tomorrow cannot be undone to the second; 2d or more is advised");
        }
        if (!weekly.isZero() && weekly.compareTo(daily) <= 0) {
            w.add("prodguard.yml retention.weekly (" + text(weekly) + ") is not longer than retention.daily ("
                    + text(daily) + "), so it keeps nothing extra");
        }
        if (orphanGrace.compareTo(Duration.ofHours(1)) < 0) {
            w.add("prodguard.yml retention.orphanGrace is " + text(orphanGrace) + ": objects of a backup that is"
                    + " slow to commit could be taken for debris; 1h or more is advised");
        }
        return new RetentionPolicy(changes, daily, weekly, newest, orphanGrace, w);
    }

    private static void nonNegative(String key, Duration d) {
        if (d.isNegative()) {
            throw ProdguardException.config("prodguard.yml retention." + key + " must not be negative, was " + text(d));
        }
    }

    private static Duration duration(JsonNode section, String key, Duration dflt) {
        JsonNode n = section.get(key);
        if (n == null) {
            return dflt;
        }
        try {
            return parseDuration(n.asText());
        } catch (IllegalArgumentException e) {
            throw ProdguardException.config("prodguard.yml retention." + key + " must be a duration such as 36h, 7d or"
                    + " 12w, was '" + n.asText() + "'");
        }
    }

    /** Parses {@code 90m}, {@code 36h}, {@code 7d}, {@code 12w} or ISO-8601 ({@code P7D}). */
    public static Duration parseDuration(String s) {
        String t = s == null ? "" : s.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("P") || t.toUpperCase(Locale.ROOT).startsWith("-P")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(s);
            }
        }
        if (!t.matches("-?\\d{1,9}[smhdw]")) {
            throw new IllegalArgumentException(s);
        }
        long v = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(v);
            case 'm' -> Duration.ofMinutes(v);
            case 'h' -> Duration.ofHours(v);
            case 'd' -> Duration.ofDays(v);
            default -> Duration.ofDays(7 * v);
        };
    }

    /** A duration as the user would write it: {@code 84d}, {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}. */
    public static String text(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0d";
        }
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** One line for plans and logs. */
    public String describe() {
        return "changes " + text(changes) + ", daily " + text(daily) + ", weekly " + text(weekly) + ", newest "
                + newest + ", orphan grace " + text(orphanGrace) + ", safety snapshots " + text(safety);
    }

    private static String known() {
        return "changes, daily, weekly, newest, orphanGrace, safety";
    }
}
