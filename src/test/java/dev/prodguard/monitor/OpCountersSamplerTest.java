package dev.prodguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operation rates from counter differences: baseline, per-second rates, and a server restart. */
class OpCountersSamplerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void ratesArePerSecondBetweenSamplesAndARestartStartsANewBaseline() {
        OpCountersSampler s = new OpCountersSampler(Duration.ofMinutes(1));
        assertThat(s.rates(new long[] {100, 1000, 50, 0, 10, 5000}, T0)).isEmpty(); // baseline
        List<Sample> r = s.rates(new long[] {160, 1600, 50, 6, 10, 5120}, T0.plusSeconds(60));
        assertThat(r).extracting(Sample::metric).containsExactly("ops.insert.rate", "ops.query.rate",
                "ops.update.rate", "ops.delete.rate", "ops.getmore.rate", "ops.command.rate");
        assertThat(r).extracting(Sample::value).containsExactly(1.0, 10.0, 0.0, 0.1, 0.0, 2.0);
        // counters went backwards: the server restarted; no negative rate, new baseline
        assertThat(s.rates(new long[] {5, 5, 0, 0, 0, 30}, T0.plusSeconds(120))).isEmpty();
        assertThat(s.rates(new long[] {35, 5, 0, 0, 0, 30}, T0.plusSeconds(150))).first()
                .satisfies(x -> assertThat(x.value()).isEqualTo(1.0));
        // the same instant twice (a clock that did not move) yields no division by zero
        assertThat(s.rates(new long[] {40, 5, 0, 0, 0, 30}, T0.plusSeconds(150))).isEmpty();
    }
}
