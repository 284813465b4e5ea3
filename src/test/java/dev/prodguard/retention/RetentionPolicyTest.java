package dev.prodguard.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code retention:} section: defaults, durations, impossible values (CONFIG naming the key), unwise ones (warnings). */
class RetentionPolicyTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static RetentionPolicy parse(String yaml) throws Exception {
        JsonNode root = YAML.readTree(yaml);
        return RetentionPolicy.parse(root == null ? null : root.path("retention"));
    }

    @Test
    void missingSectionGivesTheDocumentedDefaults() throws Exception {
        RetentionPolicy p = parse("invariants: []\n");
        assertThat(p.changes()).isEqualTo(Duration.ofDays(7));
        assertThat(p.daily()).isEqualTo(Duration.ofDays(35));
        assertThat(p.weekly()).isEqualTo(Duration.ofDays(84));
        assertThat(p.newest()).isEqualTo(3);
        assertThat(p.orphanGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(p.warnings()).isEmpty();
        assertThat(p.safety()).isEqualTo(Duration.ofDays(30));
        assertThat(p.describe()).isEqualTo("changes 7d, daily 35d, weekly 84d, newest 3, orphan grace 1d, safety snapshots 30d");
    }

    @Test
    void valuesAreRead() throws Exception {
        RetentionPolicy p = parse("retention:\n  changes: 2d\n  daily: P40D\n  weekly: 26w\n  newest: 5\n  orphanGrace: 90m\n");
        assertThat(p.changes()).isEqualTo(Duration.ofDays(2));
        assertThat(p.daily()).isEqualTo(Duration.ofDays(40));
        assertThat(p.weekly()).isEqualTo(Duration.ofDays(182));
        assertThat(p.newest()).isEqualTo(5);
        assertThat(p.orphanGrace()).isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "retention: 7d|retention: must be a mapping",
        "retention: {changes: 7 days}|retention.changes must be a duration such as 36h, 7d or 12w, was '7 days'",
        "retention: {changes: -1d}|retention.changes must not be negative",
        "retention: {daily: 35}|retention.daily must be a duration",
        "retention: {weekly: P-3D}|retention.weekly must not be negative",
        "retention: {newest: 0}|retention.newest must be a whole number of at least 1",
        "retention: {newest: 1.5}|retention.newest must be a whole number",
        "retention: {newest: many}|retention.newest must be a whole number",
        "retention: {dayly: 35d}|retention.dayly is not a retention setting; use changes, daily, weekly, newest, orphanGrace",
    })
    void impossibleValuesAreConfigErrorsNamingTheKey(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ProdguardException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
    }

    @Test
    void unwiseValuesWarnNamingTheKey() throws Exception {
        RetentionPolicy p = parse("retention: {changes: 12h, daily: 35d, weekly: 14d, orphanGrace: 5m}\n");
        assertThat(p.warnings()).hasSize(3);
        assertThat(p.warnings().get(0)).contains("retention.changes is 12h").contains("less than a day");
        assertThat(p.warnings().get(1)).contains("retention.weekly (14d) is not longer than retention.daily (35d)");
        assertThat(p.warnings().get(2)).contains("retention.orphanGrace is 5m");
    }

    @Test
    void durationsRoundTrip() {
        for (String s : new String[] {"45s", "90m", "36h", "3d", "84d"}) {
            assertThat(RetentionPolicy.text(RetentionPolicy.parseDuration(s))).isEqualTo(s);
        }
        assertThat(RetentionPolicy.parseDuration("12w")).isEqualTo(Duration.ofDays(84));
        assertThatThrownBy(() -> RetentionPolicy.parseDuration("7")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetentionPolicy.parseDuration("")).isInstanceOf(IllegalArgumentException.class);
    }
}
