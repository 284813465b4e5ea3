package dev.prodguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code monitor:} section: documented defaults, overrides, and one-line errors naming the key. */
class MonitorSettingsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private static MonitorSettings parse(String yml) throws Exception {
        return MonitorSettings.from(YAML.readTree(yml).get("monitor"));
    }

    @Test
    void defaultsAreTheGuides() throws Exception {
        MonitorSettings d = parse("other: 1\n");
        assertThat(d).isEqualTo(MonitorSettings.DEFAULTS);
        assertThat(d.connectionsPct()).isEqualTo(80);
        assertThat(d.slowOpMs()).isEqualTo(100);
        assertThat(d.storagePct()).isEqualTo(80);
        assertThat(d.quotaBytes()).isEmpty();
        assertThat(d.interval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void overridesFromProdguardYml() throws Exception {
        Files.writeString(dir.resolve("prodguard.yml"), "monitor:\n  quota_mb: 512\n  connection_limit: 500\n"
                + "  connections_alert_pct: 70\n  slow_op_ms: 250\n  election_quiet_minutes: 10\n");
        MonitorSettings s = MonitorSettings.from(new SettingsLoader(Map.of(), dir, dir).load());
        assertThat(s.quotaBytes()).hasValue(512L * 1024 * 1024);
        assertThat(s.connectionLimit()).hasValue(500);
        assertThat(s.connectionsPct()).isEqualTo(70);
        assertThat(s.slowOpMs()).isEqualTo(250);
        assertThat(s.electionQuiet()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.storagePct()).isEqualTo(80);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse("monitor:\n  quota: 512\n")).isInstanceOf(ProdguardException.class)
                .hasMessageContaining("unknown key 'monitor.quota'").hasMessageContaining("quota_mb");
        assertThatThrownBy(() -> parse("monitor:\n  storage_alert_pct: 180\n"))
                .hasMessage("prodguard.yml: 'monitor.storage_alert_pct' is 180; it must be between 1 and 100");
        assertThatThrownBy(() -> parse("monitor:\n  slow_op_ms: fast\n"))
                .hasMessage("prodguard.yml: 'monitor.slow_op_ms' must be a whole number, got 'fast'");
        assertThatThrownBy(() -> parse("monitor:\n  clear_margin_pct: 30\n  connections_alert_pct: 20\n"))
                .hasMessageContaining("clear_margin_pct");
        assertThatThrownBy(() -> parse("monitor: 5\n")).satisfies(e ->
                assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
    }
}
