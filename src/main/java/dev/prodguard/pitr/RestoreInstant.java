package dev.prodguard.pitr;

import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instant {@code restore --to} names: ISO-8601 ({@code 2026-11-25T10:41:59Z}, fractional seconds
 * and offsets allowed), relative to now ({@code -5m}, {@code -90s}, {@code -2h}, {@code -1d}), or
 * {@code before-last-drop}.
 */
public record RestoreInstant(Instant instant, boolean beforeLastDrop, String text) {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    /**
     * Parses what the user typed.
     *
     * @throws ProdguardException USAGE naming the accepted forms
     */
    public static RestoreInstant parse(String text, Clock clock) {
        String t = text == null ? "" : text.trim();
        if (t.equals("before-last-drop")) {
            return new RestoreInstant(null, true, t);
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
            return new RestoreInstant(clock.instant().minus(Duration.ofMillis(Math.round(n * unitMillis))), false, t);
        }
        try {
            return new RestoreInstant(Instant.parse(t), false, t);
        } catch (DateTimeParseException e) {
            try {
                return new RestoreInstant(OffsetDateTime.parse(t).toInstant(), false, t);
            } catch (DateTimeParseException e2) {
                throw ProdguardException.usage("--to '" + text + "' is not an instant; use ISO-8601 such as"
                        + " 2026-11-25T10:41:59Z (fractional seconds and offsets allowed), a relative time such as -5m,"
                        + " -90s, -2h, -1d, or before-last-drop");
            }
        }
    }
}
