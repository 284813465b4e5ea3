package dev.prodguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.report.Report.Source;
import dev.prodguard.report.Report.Transfer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The weekly transfer cap against prodguard's and the application's traffic, and the snapshot schedule that fits. */
class TransferAdvisorTest {
    private static final long MIB = 1024 * 1024;
    private static final long CAP = 10 * 1024 * MIB; // M0: 10 GB per 7 days
    private static final Source SOURCE = Source.of("test", Instant.EPOCH, Instant.EPOCH);

    @Test
    void aSmallShareIsFine() {
        Transfer t = TransferAdvisor.advise(SOURCE, CAP, "tier M0", 700 * MIB, 7 * 90 * MIB, 90 * MIB, 3000 * MIB, 25);
        assertThat(t.warning()).isFalse();
        assertThat(t.suggestion()).isNull();
        assertThat(t.prodguardShare()).isCloseTo(700.0 / 10240, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.sentence()).contains("prodguard read 700.0 MiB").contains("7 % of the 10.0 GiB cap per 7 days (tier M0)")
                .contains("all clients together about 29 %");
    }

    @Test
    void daily400MibSnapshotsAreTooMuchAndEveryThreeDaysFits() {
        // 7 daily snapshots of 400 MiB + 100 MiB of capture = 2.8 GiB, 28 %; 25 % leaves room for 2.5 GiB - 100 MiB
        Transfer t = TransferAdvisor.advise(SOURCE, CAP, "tier M0", 2900 * MIB, 2800 * MIB, 400 * MIB, null, 25);
        assertThat(t.warning()).isTrue();
        assertThat(t.sentence()).contains("28 % of the 10.0 GiB cap").contains("more than the 25 % prodguard may use");
        // (2560 - 100) / 400 = 6 snapshots a week -> every 2 days
        assertThat(t.suggestion()).startsWith("Take a snapshot every 2 days instead (schedule.snapshot: \"every 2d\"");
    }

    @Test
    void whenEvenOneSnapshotDoesNotFitItSaysSoAndANoCapTierNeverWarns() {
        Transfer t = TransferAdvisor.advise(SOURCE, CAP, "tier M0", 9000 * MIB, 8000 * MIB, 3000 * MIB, null, 25);
        assertThat(t.suggestion()).startsWith("Even one snapshot a week (2.9 GiB) does not fit in 25 % of the cap");
        Transfer none = TransferAdvisor.advise(SOURCE, 0, "tier M10", 9000 * MIB, 8000 * MIB, 3000 * MIB, null, 25);
        assertThat(none.warning()).isFalse();
        assertThat(none.sentence()).endsWith("tier M10 has no weekly transfer cap.");
    }
}
