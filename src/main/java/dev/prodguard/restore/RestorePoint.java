package dev.prodguard.restore;

import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonTimestamp;

/**
 * The point {@code restore --to} names: ISO-8601 ({@code 2026-11-25T10:41:59Z}, fractional seconds
 * and offsets allowed: every change up to and including that instant), relative to now ({@code -5m},
 * {@code -90s}, {@code -2h}, {@code -1d}: resolved once, when the command starts), {@code wipe:<id>}
 * (just before the first change of the incident a wipe alert names: stable whatever happens later), or
 * {@code before-last-drop} (just before the newest wipe by drop of the user's collections in the history).
 */
public record RestorePoint(Instant instant, boolean beforeLastDrop, String text, BsonTimestamp incident) {
    /** An instant or before-last-drop. */
    public RestorePoint(Instant instant, boolean beforeLastDrop, String text) {
        this(instant, beforeLastDrop, text, null);
    }

    private static final Pattern RELATIVE = Pattern.compile("-(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    /**
     * Parses what the user typed.
     *
     * @throws ProdguardException USAGE naming the accepted forms
     */
    public static RestorePoint parse(String text, Clock clock) {
        String t = text == null ? "" : text.trim();
        if (t.equals("before-last-drop")) {
            return new RestorePoint(null, true, t);
        }
        if (t.startsWith(Incidents.PREFIX)) {
            return new RestorePoint(null, false, t, Incidents.parse(t.substring(Incidents.PREFIX.length())));
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            long unitMillis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            return new RestorePoint(clock.instant().minus(Duration.ofMillis(Math.round(n * unitMillis))), false, t);
        }
        try {
            return new RestorePoint(Instant.parse(t), false, t);
        } catch (DateTimeParseException e) {
            try {
                return new RestorePoint(OffsetDateTime.parse(t).toInstant(), false, t);
            } catch (DateTimeParseException e2) {
                throw ProdguardException.usage("--to '" + text + "' is not an instant; use ISO-8601 such as"
                        + " 2026-11-25T10:41:59Z (fractional seconds and offsets allowed), a relative time such as -5m,"
                        + " -90s, -2h, -1d, wipe:<id> from a wipe alert, or before-last-drop");
            }
        }
    }
}
