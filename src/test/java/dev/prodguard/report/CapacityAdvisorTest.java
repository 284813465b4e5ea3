package dev.prodguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.monitor.Sample;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.report.CapacityAdvice.Limit;
import dev.prodguard.report.CapacityAdvice.Verdict;
import dev.prodguard.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor on synthetic histories with a known curve, written hour by hour into the real monitoring history
 * ({@link SampleStore}) on an injected clock and read back the way the report reads it.
 */
class CapacityAdvisorTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final double MIB = 1024 * 1024;

    @TempDir
    Path state;

    /** Writes {@code days} of hourly samples: storage from {@code storageMib(day)}, 20 connections, 5 operations/s. */
    private CapacityAdvice advise(int days, DoubleUnaryOperator storageMib, String tier) {
        MutableClock clock = new MutableClock(START);
        try (SampleStore store = SampleStore.open(state)) {
            for (int h = 0; h <= days * 24; h++) {
                double day = h / 24.0;
                Instant at = clock.instant();
                store.add(List.of(Sample.of("storage.used_bytes", at, storageMib.applyAsDouble(day) * MIB),
                        Sample.of("connections.current", at, 20 + (h % 3)), Sample.of("ops.query.rate", at, 4),
                        Sample.of("ops.insert.rate", at, 1)));
                clock.advance(Duration.ofHours(1));
            }
            Instant now = clock.instant();
            Instant from = now.minus(Duration.ofDays(35));
            TierTable table = TierTable.DEFAULTS;
            return CapacityAdvisor.advise(table, table.find(tier), CapacityHistory.storage(store, from, now),
                    CapacityHistory.connections(store, from, now), CapacityHistory.operations(store, from, now), now);
        }
    }

    @Test
    void knownLinearGrowthGivesTheDateTheTierAndTheUncertainty() {
        // 100 MiB growing 8 MiB a day, +-1 MiB of wobble: 340 MiB after 30 days, M0's 512 MB 21.5 days later (2026-02-21T12:00)
        CapacityAdvice a = advise(30, d -> 100 + 8 * d + Math.sin(d * 7), "M0");
        Limit storage = a.limits().get(0);
        Instant end = START.plus(Duration.ofDays(30)).plus(Duration.ofHours(1));
        Instant truth = START.plus(Duration.ofMillis((long) ((512 - 100) / 8.0 * 86_400_000)));
        assertThat(storage.verdict()).as(storage.sentence()).isEqualTo(Verdict.GROWING);
        assertThat(storage.perDay() / MIB).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Duration.between(truth, storage.expected()).abs()).isLessThan(Duration.ofHours(12));
        assertThat(storage.earliest()).isBefore(storage.expected()).isAfter(end);
        assertThat(storage.latest()).isAfter(storage.expected());
        assertThat(Duration.between(storage.earliest(), storage.latest())).isLessThan(Duration.ofDays(2));
        assertThat(storage.sentence()).contains("reaches the limit of M0's 512.0 MiB on 2026-02-21")
                .contains("(between 2026-02-2").contains("90 % interval");
        // 340 MiB + 365 days * 8 MiB = 3.2 GiB within 80 %: Flex's 5 GB holds it, M0 does not
        assertThat(a.recommendation().tier()).isEqualTo("FLEX");
        assertThat(a.recommendation().change()).isTrue();
        assertThat(a.recommendation().sentence()).startsWith("Move to FLEX before 2026-02-2").contains("about $8 a month");
        // connections (20-22 of 500) and operations (5 of 100 per second) are flat: no date
        assertThat(a.limits().get(1).verdict()).isEqualTo(Verdict.NOT_GROWING);
        assertThat(a.limits().get(2).verdict()).isEqualTo(Verdict.NOT_GROWING);
        assertThat(a.limits().get(2).now()).isEqualTo(5.0);
    }

    @Test
    void aFlatHistoryHasNoDate() {
        CapacityAdvice a = advise(20, d -> 200, "M0");
        Limit storage = a.limits().get(0);
        assertThat(storage.verdict()).isEqualTo(Verdict.NOT_GROWING);
        assertThat(storage.expected()).isNull();
        assertThat(storage.earliest()).isNull();
        assertThat(storage.sentence()).contains("not growing, so no date");
        assertThat(a.recommendation().tier()).isEqualTo("M0");
        assertThat(a.recommendation().change()).isFalse();
        assertThat(a.recommendation().sentence()).startsWith("Stay on M0 (free)");
    }

    @Test
    void aShrinkingHistoryIsNotGrowing() {
        CapacityAdvice a = advise(30, d -> 400 - 3 * d, "M0");
        Limit storage = a.limits().get(0);
        assertThat(storage.verdict()).isEqualTo(Verdict.NOT_GROWING);
        assertThat(storage.perDay() / MIB).isCloseTo(-3.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(storage.sentence()).startsWith("Storage: 309.9 MiB now, shrinking 3.0 MiB a day (90 % interval -3.0 MiB to"
                + " -3.0 MiB a day, 240 points over 30 days): not growing, so no date for the limit of M0's 512.0 MiB.");
    }

    @Test
    void aNoisyHistoryGivesAWideIntervalNotAFalseDate() {
        Random r = new Random(19);
        List<Double> noise = new ArrayList<>();
        for (int i = 0; i <= 30 * 24; i++) {
            noise.add(r.nextGaussian() * 60);
        }
        CapacityAdvice a = advise(30, d -> 250 + 0.2 * d + noise.get((int) Math.round(d * 24)), "M0");
        Limit storage = a.limits().get(0);
        // the slope's interval is several times the slope itself; no "latest" date is claimed
        assertThat(storage.highPerDay() - storage.lowPerDay()).isGreaterThan(2 * Math.abs(storage.perDay()));
        assertThat(storage.verdict()).isIn(Verdict.UNCLEAR, Verdict.NOT_GROWING);
        assertThat(storage.latest()).isNull();
        if (storage.verdict() == Verdict.UNCLEAR) {
            assertThat(storage.sentence()).contains("no clear trend");
        }
    }

    @Test
    void aFewMinutesOfHistoryIsNotEnoughAndNoTierIsNoLimit() {
        CapacityAdvice a = advise(0, d -> 50, "M10");
        assertThat(a.limits().get(0).verdict()).isEqualTo(Verdict.NOT_ENOUGH_HISTORY);
        assertThat(a.limits().get(0).sentence()).contains("1 sample(s) over 0 minutes").contains("a trend needs at least");
        CapacityAdvice none = CapacityAdvisor.advise(TierTable.DEFAULTS, Optional.empty(),
                new CapacityAdvisor.Metric("storage", "bytes", "test", List.of()),
                new CapacityAdvisor.Metric("connections", "connections", "test", List.of()),
                new CapacityAdvisor.Metric("operations per second", "operations/s", "test", List.of()), START);
        assertThat(none.tierSource()).contains("PRODGUARD_TIER is not set");
        assertThat(none.limits()).allMatch(l -> l.verdict() == Verdict.NO_HISTORY);
        assertThat(none.recommendation()).isNull();
    }

    @Test
    void theTierTableComesFromProdguardYmlWhole() throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree("- {name: small, storage_mb: 100, connections: 10, monthly_usd: 1}\n"
                        + "- {name: big, storage_mb: 1000, connections: 100, monthly_usd: 9, source: our contract}\n");
        TierTable t = TierTable.parse(yaml);
        assertThat(t.tiers()).extracting(Tier::name).containsExactly("SMALL", "BIG");
        assertThat(t.find("big").orElseThrow().source()).isEqualTo("our contract");
        var bad = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree("- {name: x, storage_mb: -1, connections: 10, monthly_usd: 1}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TierTable.parse(bad))
                .hasMessageContaining("tiers[0] (X): 'storage_mb' must be a whole number");
    }
}
