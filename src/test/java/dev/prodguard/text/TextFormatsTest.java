package dev.prodguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one format each for instants, durations and sizes, case by case (the boundaries included). */
class TextFormatsTest {
    private static final Instant T = Instant.parse("2026-12-07T09:21:50.987654321Z");

    @Test
    void instantsForPeopleAreWholeSecondsUtcAndParseBack() {
        assertThat(Instants.human(T)).isEqualTo("2026-12-07T09:21:50Z");
        assertThat(Instant.parse(Instants.human(T))).isEqualTo(Instant.parse("2026-12-07T09:21:50Z")); // restore --to accepts it
        assertThat(Instants.human(Instant.parse("2026-12-07T09:21:00Z"))).isEqualTo("2026-12-07T09:21:00Z"); // never shortened
        assertThat(Instants.human(null)).isEqualTo("an unknown time");
        assertThat(Instants.humanIso("2026-12-07T09:21:50.123Z")).isEqualTo("2026-12-07T09:21:50Z");
        assertThat(Instants.humanIso("not a time")).isEqualTo("not a time");
    }

    @Test
    void instantsInJsonHaveExactlyThreeFractionDigits() {
        assertThat(Instants.json(T)).isEqualTo("2026-12-07T09:21:50.987Z");
        assertThat(Instants.json(Instant.parse("2026-12-07T09:21:50Z"))).isEqualTo("2026-12-07T09:21:50.000Z");
        assertThat(Instants.json(null)).isNull();
        assertThat(Instants.jsonIso("2026-12-07T09:21:50.5Z")).isEqualTo("2026-12-07T09:21:50.500Z");
    }

    @Test
    void aRestorePointKeepsItsMillisecondsOnlyWhenItHasThem() {
        assertThat(Instants.point(Instant.parse("2026-12-07T09:21:50Z"))).isEqualTo("2026-12-07T09:21:50Z");
        assertThat(Instants.point(Instant.parse("2026-12-07T09:21:50.999Z"))).isEqualTo("2026-12-07T09:21:50.999Z");
    }

    @Test
    void clusterTimesShowSecondsIncrementAndTheInstant() {
        assertThat(Instants.clusterTime(1_796_635_310L, 3)).isEqualTo("1796635310:3 (2026-12-07T09:21:50Z)");
    }

    @Test
    void durationsUseTheirTwoLargestUnits() {
        assertThat(Durations.human(Duration.ZERO)).isEqualTo("0 s");
        assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.human(Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(Durations.human(Duration.ofMillis(1000))).isEqualTo("1.0 s");
        assertThat(Durations.human(Duration.ofMillis(2_480))).isEqualTo("2.4 s");
        assertThat(Durations.human(Duration.ofMillis(9_999))).isEqualTo("9.9 s");
        assertThat(Durations.human(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(Durations.human(Duration.ofSeconds(60))).isEqualTo("1 min");
        assertThat(Durations.human(Duration.ofSeconds(250))).isEqualTo("4 min 10 s");
        assertThat(Durations.human(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
        assertThat(Durations.human(Duration.ofHours(12))).isEqualTo("12 h");
        assertThat(Durations.human(Duration.ofHours(51))).isEqualTo("2 d 3 h");
        assertThat(Durations.human(Duration.ofDays(7))).isEqualTo("7 d");
        assertThat(Durations.human(Duration.ofSeconds(-5))).isEqualTo("0 s");
        assertThat(Durations.millis(1_500)).isEqualTo("1.5 s");
    }

    @Test
    void sizesAreBinaryWithOneDecimal() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(1023)).isEqualTo("1023 B");
        assertThat(Sizes.human(1024)).isEqualTo("1.0 KiB");
        assertThat(Sizes.human(1_468_006)).isEqualTo("1.4 MiB");
        assertThat(Sizes.human(1024L * 1024 - 1)).isEqualTo("1.0 MiB"); // not "1024.0 KiB"
        assertThat(Sizes.human(12L << 30)).isEqualTo("12.0 GiB");
        assertThat(Sizes.human(-1)).isEqualTo("unknown");
    }
}
