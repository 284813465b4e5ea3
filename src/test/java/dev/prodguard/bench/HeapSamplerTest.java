package dev.prodguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapSamplerTest {
    private static final int MB = 1024 * 1024;

    @Test
    void memoryHeldThroughThePhaseCountsAsLive() {
        HeapSampler sampler = HeapSampler.start(0);
        byte[] held = new byte[48 * MB];
        HeapSampler.HeapReport r = sampler.stop();

        assertThat(held).hasSize(48 * MB);
        assertThat(r.peakLiveAboveBaseline()).isGreaterThanOrEqualTo(48L * MB);
        assertThat(r.retainedAfter() - r.baseline()).isGreaterThanOrEqualTo(48L * MB);
        assertThat(r.peakAboveBaseline()).isGreaterThanOrEqualTo(48L * MB);
    }

    @Test
    void garbageDoesNotCountAsLive() {
        HeapSampler sampler = HeapSampler.start(0);
        long checksum = 0;
        for (int i = 0; i < 8; i++) {
            byte[] garbage = new byte[8 * MB];
            garbage[i] = (byte) i;
            checksum += garbage[i];
        }
        HeapSampler.HeapReport r = sampler.stop();

        assertThat(checksum).isEqualTo(28);
        assertThat(r.peakLiveAboveBaseline()).isLessThan(16L * MB);
    }
}
