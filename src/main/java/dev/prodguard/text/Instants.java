package dev.prodguard.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Instants as prodguard prints them: one precision for people (whole seconds, UTC, ISO-8601 such as
 * {@code 2026-12-07T09:21:50Z}, which {@code restore --to} accepts as typed) and one for JSON (milliseconds,
 * {@code 2026-12-07T09:21:50.123Z}); cluster times as {@code <seconds>:<inc>} with their instant.
 */
public final class Instants {
    private static final DateTimeFormatter PEOPLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JSON =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Instants() {}

    /** For people: {@code 2026-12-07T09:21:50Z} (truncated to the second); "an unknown time" for null. */
    public static String human(Instant t) {
        return t == null ? "an unknown time" : PEOPLE.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * A restore point for people: {@link #human(Instant)} when it is a whole second, else with its milliseconds
     * ({@code 2026-12-07T09:21:50.999Z}), since a restore includes every change up to and including it and the
     * truncated second would name an earlier point than the one restored.
     */
    public static String point(Instant t) {
        if (t == null || t.getNano() == 0) {
            return human(t);
        }
        return json(t);
    }

    /** {@link #human(Instant)} of ISO-8601 text (as stored in manifests and records); text that is none, as it is. */
    public static String humanIso(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "an unknown time";
        }
        try {
            return human(Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    /** {@link #json(Instant)} of ISO-8601 text; text that is none, as it is. */
    public static String jsonIso(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return json(Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    /** For JSON: {@code 2026-12-07T09:21:50.123Z} (always three fraction digits); null for null. */
    public static String json(Instant t) {
        return t == null ? null : JSON.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * A MongoDB cluster time (a BSON timestamp: seconds since the epoch and an ordinal within that second) for
     * people: {@code 1796635310:3 (2026-12-07T09:21:50Z)}.
     */
    public static String clusterTime(long seconds, long increment) {
        return seconds + ":" + increment + " (" + human(Instant.ofEpochSecond(seconds)) + ")";
    }
}
