package dev.prodguard.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.config.Schedule;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.text.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * How often the backup is restore-tested ({@code verify --restore}), from prodguard.yml:
 * <pre>
 * schedule:
 *   verify: "0 3 * * 0"   # the guardian's grammar: cron subset, every N, hourly|daily|weekly, or P3D
 * </pre>
 * The guardian runs the restore test at that interval; the checklist requires the entry and uses the
 * interval as the most a last restore test may be old.
 */
public final class RestoreTestSchedule {
    /** The longest accepted interval: a restore test at least monthly. */
    public static final Duration LONGEST = Duration.ofDays(31);
    /** The shortest accepted interval. */
    public static final Duration SHORTEST = Duration.ofHours(1);
    /** How old the last restore test may be when no schedule says otherwise. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    private RestoreTestSchedule() {}

    /** The configured interval, empty when {@code schedule.verify} is absent. @throws ProdguardException CONFIG when invalid */
    public static Optional<Duration> of(Settings settings) {
        JsonNode v = settings.section("schedule").path("verify");
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(parse(v.asText("")));
    }

    /**
     * Parses one schedule value with the guardian's grammar ({@link Schedule}: cron
     * subset, {@code every N}, hourly/daily/weekly, ISO-8601), so that what {@code check} accepts is what
     * {@code run} runs. @throws ProdguardException CONFIG naming the key when invalid or out of range
     */
    public static Duration parse(String value) {
        Duration d = Schedule.parse("verify", value).period();
        if (d.compareTo(SHORTEST) < 0 || d.compareTo(LONGEST) > 0) {
            throw ProdguardException.config("prodguard.yml: schedule.verify " + value + " is outside 1 hour to 31 days;"
                    + " restore-test at least monthly (the guide's maintenance asks for weekly)");
        }
        return d;
    }

    /** How old the last restore test may be: the scheduled interval, or 7 days without a schedule. */
    public static Duration maxAge(Settings settings) {
        return of(settings).orElse(DEFAULT_MAX_AGE);
    }
}
