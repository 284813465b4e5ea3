package dev.prodguard.config;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a guardian job runs, always in UTC. The grammar (documented in docs/guardian.md):
 * <ul>
 *   <li>{@code M H * * *}: every day at H:M (minute 0-59, hour 0-23);</li>
 *   <li>{@code M H * * D}: every week on day D at H:M (D is 0-7 with 0 and 7 = Sunday, or SUN..SAT);</li>
 *   <li>{@code every N(s|m|h|d)}: every N seconds, minutes, hours or days, counted from the last run
 *       (the first run is one interval after the guardian starts).</li>
 * </ul>
 * Anything else (ranges, lists, steps, day-of-month, month) is refused with a CONFIG error.
 */
public final class Schedule {
    private static final Pattern EVERY = Pattern.compile("every\\s+(\\d+)\\s*([smhd])");
    private static final Pattern CRON = Pattern.compile("(\\d{1,2})\\s+(\\d{1,2})\\s+\\*\\s+\\*\\s+(\\*|\\d|[a-z]{3})");
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    private final String text;
    private final Duration every;
    private final int minute;
    private final int hour;
    private final DayOfWeek day;

    private Schedule(String text, Duration every, int minute, int hour, DayOfWeek day) {
        this.text = text;
        this.every = every;
        this.minute = minute;
        this.hour = hour;
        this.day = day;
    }

    /** An interval schedule ("every 60s"). */
    public static Schedule every(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        return new Schedule("every " + interval.toSeconds() + "s", interval, 0, 0, null);
    }

    /**
     * Parses the schedule of {@code key} (named in the error).
     *
     * @throws ProdguardException CONFIG naming the key, what was seen and the accepted forms
     */
    public static Schedule parse(String key, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Duration alias = switch (t) {
            case "hourly" -> Duration.ofHours(1);
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            default -> null;
        };
        if (alias == null && t.startsWith("p")) {
            try {
                alias = Duration.parse(t.toUpperCase(Locale.ROOT)); // ISO-8601: P3D, PT12H
            } catch (java.time.format.DateTimeParseException notIso) {
                throw bad(key, text, "not an ISO-8601 duration");
            }
            if (alias.isZero() || alias.isNegative()) {
                throw bad(key, text, "the interval must be at least 1");
            }
        }
        if (alias != null) {
            return new Schedule(t, alias, 0, 0, null);
        }
        Matcher e = EVERY.matcher(t);
        if (e.matches()) {
            long n = Long.parseLong(e.group(1));
            Duration d = switch (e.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (n == 0) {
                throw bad(key, text, "the interval must be at least 1");
            }
            return new Schedule(t, d, 0, 0, null);
        }
        Matcher c = CRON.matcher(t);
        if (!c.matches()) {
            throw bad(key, text, null);
        }
        int m = Integer.parseInt(c.group(1));
        int h = Integer.parseInt(c.group(2));
        if (m > 59) {
            throw bad(key, text, "minute " + m + " is not 0-59");
        }
        if (h > 23) {
            throw bad(key, text, "hour " + h + " is not 0-23");
        }
        return new Schedule(t, null, m, h, day(key, text, c.group(3)));
    }

    private static DayOfWeek day(String key, String text, String d) {
        if (d.equals("*")) {
            return null;
        }
        int index = -1;
        if (Character.isDigit(d.charAt(0))) {
            index = Integer.parseInt(d) % 7;
            if (Integer.parseInt(d) > 7) {
                throw bad(key, text, "day of week " + d + " is not 0-7");
            }
        } else {
            for (int i = 0; i < DAYS.length; i++) {
                if (DAYS[i].equals(d)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw bad(key, text, "day of week '" + d + "' is not one of SUN MON TUE WED THU FRI SAT");
            }
        }
        return index == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(index);
    }

    private static ProdguardException bad(String key, String text, String why) {
        return new ProdguardException(ErrorCode.CONFIG, "schedule." + key + " '" + text + "' is not a schedule"
                + (why == null ? "" : " (" + why + ")") + "; use 'M H * * *' (daily, UTC), 'M H * * DOW' (weekly,"
                + " DOW 0-7 or SUN..SAT), 'every N' with s, m, h or d (e.g. 'every 6h'), hourly, daily, weekly"
                + " or an ISO-8601 duration (P7D)");
    }

    /** The first run strictly after {@code after} for a clock schedule; {@code after + interval} for an interval. */
    public Instant next(Instant after) {
        if (every != null) {
            return after.plus(every);
        }
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .withHour(hour).withMinute(minute);
        while (!t.toInstant().isAfter(after) || (day != null && t.getDayOfWeek() != day)) {
            t = t.plusDays(1);
        }
        return t.toInstant();
    }

    /** The time between two runs: the interval, or a day or a week for a clock schedule. */
    public Duration period() {
        if (every != null) {
            return every;
        }
        return day == null ? Duration.ofDays(1) : Duration.ofDays(7);
    }

    /** True for an interval schedule ("every 6h"). */
    public boolean isInterval() {
        return every != null;
    }

    /** The schedule as written (normalised: lower case, single spaces). */
    @Override
    public String toString() {
        return text;
    }
}
