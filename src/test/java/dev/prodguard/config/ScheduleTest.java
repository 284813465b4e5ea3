package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.guardian.GuardianSchedules;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedule grammar, as a table: text, "after", expected next run (all UTC). */
class ScheduleTest {
    @ParameterizedTest(name = "''{0}'' after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // daily
        "0 2 * * *        | 2026-11-25T01:59:59Z | 2026-11-25T02:00:00Z",
        "0 2 * * *        | 2026-11-25T02:00:00Z | 2026-11-26T02:00:00Z",
        "0 2 * * *        | 2026-11-25T11:13:00Z | 2026-11-26T02:00:00Z",
        "30 23 * * *      | 2026-12-31T23:30:01Z | 2027-01-01T23:30:00Z",
        "  5   0  *  * *  | 2026-11-25T00:04:00Z | 2026-11-25T00:05:00Z",
        // weekly: 2026-11-25 is a Wednesday; 2026-11-29 a Sunday
        "0 3 * * 0        | 2026-11-25T11:00:00Z | 2026-11-29T03:00:00Z",
        "0 3 * * 7        | 2026-11-25T11:00:00Z | 2026-11-29T03:00:00Z",
        "0 3 * * SUN      | 2026-11-25T11:00:00Z | 2026-11-29T03:00:00Z",
        "0 3 * * sun      | 2026-11-29T03:00:00Z | 2026-12-06T03:00:00Z",
        "0 3 * * 0        | 2026-11-29T02:59:00Z | 2026-11-29T03:00:00Z",
        "15 12 * * wed    | 2026-11-25T12:14:59Z | 2026-11-25T12:15:00Z",
        "15 12 * * 3      | 2026-11-25T12:15:00Z | 2026-12-02T12:15:00Z",
        "0 0 * * 6        | 2026-11-25T00:00:00Z | 2026-11-28T00:00:00Z",
        // intervals: counted from the given instant
        "every 6h         | 2026-11-25T11:13:20Z | 2026-11-25T17:13:20Z",
        "every 30m        | 2026-11-25T11:13:20Z | 2026-11-25T11:43:20Z",
        "every 45s        | 2026-11-25T11:13:20Z | 2026-11-25T11:14:05Z",
        "Every 1d         | 2026-11-25T11:13:20Z | 2026-11-26T11:13:20Z",
        "every   2 h      | 2026-11-25T11:13:20Z | 2026-11-25T13:13:20Z",
        // words and ISO-8601 (the checklist's forms): intervals too
        "weekly           | 2026-11-25T11:13:20Z | 2026-12-02T11:13:20Z",
        "Daily            | 2026-11-25T11:13:20Z | 2026-11-26T11:13:20Z",
        "hourly           | 2026-11-25T11:13:20Z | 2026-11-25T12:13:20Z",
        "P3D              | 2026-11-25T11:13:20Z | 2026-11-28T11:13:20Z",
        "pt12h            | 2026-11-25T11:13:20Z | 2026-11-25T23:13:20Z",
    })
    void nextRun(String text, String after, String expected) {
        assertThat(Schedule.parse("snapshot", text).next(Instant.parse(after))).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "''{0}'' refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "60 2 * * *      | minute 60 is not 0-59",
        "0 24 * * *      | hour 24 is not 0-23",
        "0 2 * * 8       | day of week 8 is not 0-7",
        "0 2 * * fun     | 'fun' is not one of SUN",
        "0 2 1 * *       | is not a schedule",
        "*/5 * * * *     | is not a schedule",
        "0 2 * * 1-5     | is not a schedule",
        "0 2 * * *  *    | is not a schedule",
        "every 0h        | at least 1",
        "every 6 hours   | is not a schedule",
        "P-1D            | at least 1",
        "Pweekly         | not an ISO-8601 duration",
    })
    void refused(String text, String why) {
        assertThatThrownBy(() -> Schedule.parse("snapshot", text))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG);
                    assertThat(e.getMessage()).contains("schedule.snapshot '" + text + "'").contains(why)
                            .contains("'every N' with s, m, h or d");
                });
    }

    @Test
    void theSectionHasDefaultsAndNamesBadKeys() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        Instant wed = Instant.parse("2026-11-25T11:00:00Z");
        GuardianSchedules d = GuardianSchedules.from(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        assertThat(d.snapshot().next(wed)).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
        assertThat(d.restoreTest().next(wed)).isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));

        GuardianSchedules s = GuardianSchedules.from(yaml.readTree("snapshot: every 6h\n"));
        assertThat(s.snapshot().next(wed)).isEqualTo(Instant.parse("2026-11-25T17:00:00Z"));
        assertThat(s.restoreTest().toString()).isEqualTo(GuardianSchedules.RESTORE_TEST_DEFAULT);

        assertThatThrownBy(() -> GuardianSchedules.from(yaml.readTree("snapshots: every 6h\n")))
                .hasMessageContaining("unknown key 'schedule.snapshots'").hasMessageContaining("snapshot, verify");
        assertThatThrownBy(() -> GuardianSchedules.from(yaml.readTree("verify: 5\n")))
                .hasMessageContaining("schedule.verify must be a quoted string");
        assertThatThrownBy(() -> GuardianSchedules.from(yaml.readTree("- every 6h\n")))
                .hasMessageContaining("'schedule' must be a section");
    }
}
