package dev.prodguard.guardian;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.config.Schedule;
import dev.prodguard.error.ProdguardException;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code schedule:} section of prodguard.yml: {@code snapshot} (default {@value #SNAPSHOT_DEFAULT},
 * daily at 02:00 UTC), {@code verify} (the restore test, default {@value #RESTORE_TEST_DEFAULT}, Sundays
 * at 03:00 UTC) and {@code prune} (retention, default {@value #PRUNE_DEFAULT}, daily at 04:00 UTC,
 * after the night's snapshot) and {@code report} (when the guardian looks whether a maintenance report is due,
 * default {@value #REPORT_DEFAULT}, daily at 06:00 UTC), each in the {@link Schedule} grammar.
 */
public record GuardianSchedules(Schedule snapshot, Schedule restoreTest, Schedule prune, Schedule report) {
    /** Default snapshot schedule: daily at 02:00 UTC. */
    public static final String SNAPSHOT_DEFAULT = "0 2 * * *";
    /** Default restore-test schedule: Sundays at 03:00 UTC. */
    public static final String RESTORE_TEST_DEFAULT = "0 3 * * 0";
    /** Default retention (prune) schedule: daily at 04:00 UTC. */
    public static final String PRUNE_DEFAULT = "0 4 * * *";
    /** Default report schedule: daily at 06:00 UTC (weekly reports on Mondays, monthly on the 1st). */
    public static final String REPORT_DEFAULT = "0 6 * * *";
    /** The keys the section accepts. */
    public static final List<String> KEYS = List.of("snapshot", "verify", "prune", "report");

    /** The snapshot and restore-test schedules with the default prune and report schedules. */
    public GuardianSchedules(Schedule snapshot, Schedule restoreTest) {
        this(snapshot, restoreTest, Schedule.parse("prune", PRUNE_DEFAULT));
    }

    /** The snapshot, restore-test and prune schedules with the default report schedule. */
    public GuardianSchedules(Schedule snapshot, Schedule restoreTest, Schedule prune) {
        this(snapshot, restoreTest, prune, Schedule.parse("report", REPORT_DEFAULT));
    }

    /** The defaults. */
    public static GuardianSchedules defaults() {
        return new GuardianSchedules(Schedule.parse("snapshot", SNAPSHOT_DEFAULT), Schedule.parse("verify", RESTORE_TEST_DEFAULT),
                Schedule.parse("prune", PRUNE_DEFAULT), Schedule.parse("report", REPORT_DEFAULT));
    }

    /**
     * Reads a {@code schedule:} node (missing: defaults).
     *
     * @throws ProdguardException CONFIG naming the key for an unknown key or a bad schedule
     */
    public static GuardianSchedules from(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return defaults();
        }
        if (!n.isObject()) {
            throw ProdguardException.config("prodguard.yml: 'schedule' must be a section of keys ("
                    + String.join(", ", KEYS) + "), e.g. snapshot: \"0 2 * * *\"");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw ProdguardException.config("prodguard.yml: unknown key 'schedule." + k + "'; known keys: "
                        + String.join(", ", KEYS));
            }
        }
        return new GuardianSchedules(read(n, "snapshot", SNAPSHOT_DEFAULT), read(n, "verify", RESTORE_TEST_DEFAULT),
                read(n, "prune", PRUNE_DEFAULT), read(n, "report", REPORT_DEFAULT));
    }

    private static Schedule read(JsonNode n, String key, String fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return Schedule.parse(key, fallback);
        }
        if (!v.isTextual()) {
            throw ProdguardException.config("prodguard.yml: schedule." + key + " must be a quoted string like \""
                    + fallback + "\" or \"every 6h\"; found " + v);
        }
        return Schedule.parse(key, v.asText());
    }
}
