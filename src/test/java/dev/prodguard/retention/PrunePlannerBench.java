package dev.prodguard.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long planning takes on a large repository: 120 days of daily snapshots and a segment every
 * minute (172,800 segments). Run: {@code mvn -o -q test -Dtest=PrunePlannerBench -Dsurefire.excludedGroups=}.
 */
@Tag("bench")
class PrunePlannerBench {
    @Test
    void plan120DaysOfMinuteSegments() {
        Timeline t = new Timeline();
        t.segments("db", PrunePlannerTest.daysAgo(120.1), PrunePlannerTest.NOW, Duration.ofMinutes(1));
        for (int d = 120; d >= 0; d--) {
            t.snapshot("db", PrunePlannerTest.daysAgo(d), Duration.ofMinutes(20));
        }
        Inventory inv = t.build();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            PrunePlan plan = PrunePlanner.plan(RetentionPolicy.defaults(), PrunePlannerTest.NOW, inv);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("plan of %d snapshots and %d segments: %d ms, %d deletions%n", inv.snapshots().size(),
                    inv.segments().size(), ms, plan.deletions().size());
            assertThat(plan.deletions()).isNotEmpty();
        }
    }
}
