package dev.prodguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring history on a real SQLite file: round trip, survival across reopen, retention. */
class SampleStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void samplesSurviveReopenAndComeBackBySeriesAndRange() {
        try (SampleStore s = SampleStore.open(dir)) {
            s.add(List.of(Sample.of("connections.current", T0, 12), Sample.of("connections.current", T0.plusSeconds(60), 14),
                    new Sample("collection.count", "wallets", T0, 5000), new Sample("collection.count", "trades", T0, 7)));
        }
        assertThat(dir.resolve("monitor.db")).exists();
        try (SampleStore s = SampleStore.open(dir)) {
            assertThat(s.series("connections.current", "", T0, T0.plusSeconds(3600)))
                    .extracting(SeriesPoint::at, SeriesPoint::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 12.0),
                            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(60), 14.0));
            assertThat(s.series("connections.current", "", T0.plusSeconds(1), T0.plusSeconds(60))).isEmpty(); // [from, to)
            assertThat(s.latest("collection.count", "wallets")).hasValueSatisfying(x -> assertThat(x.value()).isEqualTo(5000));
            assertThat(s.latest("collection.count", "users")).isEmpty();
            assertThat(s.subjects("collection.count")).containsExactly("trades", "wallets");
        }
    }

    @Test
    void retentionRollsOldSamplesIntoHoursAndDropsAncientOnes() throws Exception {
        Instant now = T0;
        try (SampleStore s = SampleStore.open(dir)) {
            List<Sample> batch = new ArrayList<>();
            // 40 days ago: one hour of per-minute samples 0..59 (folds into one hourly point)
            Instant old = now.minus(Duration.ofDays(40)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            for (int i = 0; i < 60; i++) {
                batch.add(Sample.of("ops.insert", old.plusSeconds(60L * i), i));
            }
            // 500 days ago: past the roll-up retention too
            batch.add(Sample.of("ops.insert", now.minus(Duration.ofDays(500)), 1));
            // yesterday: stays raw
            batch.add(Sample.of("ops.insert", now.minus(Duration.ofDays(1)), 42));
            s.add(batch);

            SampleStore.RetentionResult r = s.applyRetention(now);
            assertThat(r.rawRolledUp()).isEqualTo(61);
            assertThat(r.rollupsDeleted()).isEqualTo(1);

            List<SeriesPoint> all = s.series("ops.insert", "", now.minus(Duration.ofDays(1000)), now);
            assertThat(all).hasSize(2);
            assertThat(all.get(0)).isEqualTo(new SeriesPoint(old, 29.5, 0, 59, 60));
            assertThat(all.get(1).value()).isEqualTo(42);
            assertThat(all.get(1).count()).isEqualTo(1);

            // a second pass later merges into the same hour rather than duplicating it
            s.add(List.of(Sample.of("ops.insert", old.plusSeconds(30), 100)));
            s.applyRetention(now);
            SeriesPoint merged = s.series("ops.insert", "", old, old.plusSeconds(3600)).get(0);
            assertThat(merged.count()).isEqualTo(61);
            assertThat(merged.max()).isEqualTo(100);
            assertThat(s.applyRetention(now)).isEqualTo(new SampleStore.RetentionResult(0, 0));
        }
        assertThat(Files.size(dir.resolve("monitor.db"))).isPositive();
    }

    @Test
    void unwritableStateDirIsAStorageError() throws Exception {
        Path file = Files.createFile(dir.resolve("not-a-dir"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SampleStore.open(file.resolve("state")))
                .isInstanceOf(dev.prodguard.error.ProdguardException.class)
                .hasMessageContaining("PRODGUARD_STATE_DIR");
    }
}
