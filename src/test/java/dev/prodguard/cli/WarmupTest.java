package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up warm-up runs the whole data path (a failing step would silently do nothing) and only for data commands. */
class WarmupTest {
    @Test
    void everyStepOfTheWarmupRuns() {
        // 16 KiB through zstd and back, 6,000 digests (their low bits), JSON, BSON and a driver configuration:
        // far more than the 16 KiB alone, so a step that threw (and ended the warm-up early) shows
        long seen = Warmup.run();
        assertThat(seen).isGreaterThan(16 * 1024 + 32 + 40 + 30);
    }

    @Test
    void onlyCommandsThatMoveDataStartItOnADaemonThread() throws Exception {
        assertThat(Warmup.startFor("gate")).as("gate's start-up is measured to its first connection").isNull();
        assertThat(Warmup.startFor("--version")).isNull();
        assertThat(Warmup.startFor(null)).isNull();
        Thread t = Warmup.startFor("backup");
        assertThat(t).isNotNull();
        assertThat(t.isDaemon()).as("never delays the exit").isTrue();
        t.join(30_000);
        assertThat(t.isAlive()).isFalse();
    }
}
