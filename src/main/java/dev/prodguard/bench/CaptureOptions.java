package dev.prodguard.bench;

import java.util.List;

/**
 * The capture part: write rates to measure lag at (0: as fast as one writer can), how long to
 * write at each, and the passes of point-in-time versus snapshot-only restore (on the small dataset's size).
 */
public record CaptureOptions(List<Integer> rates, java.time.Duration writeFor, int restorePasses) {
    public CaptureOptions {
        rates = List.copyOf(rates);
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 0) || writeFor.isNegative() || writeFor.isZero()
                || restorePasses < 1) {
            throw new IllegalArgumentException("need rates >= 0 (0: unpaced), a positive write time and a restore pass");
        }
    }

    /** 100, 500, 2000 writes/s and full speed, 10 s each; 7 restore passes (a median of 3 moved by 0.3 between runs). */
    public static CaptureOptions full() {
        return new CaptureOptions(List.of(100, 500, 2000, CaptureLag.UNPACED), java.time.Duration.ofSeconds(10), 7);
    }

    /** 200 and 1000 writes/s and full speed, 2 s each; 1 restore pass. */
    public static CaptureOptions quick() {
        return new CaptureOptions(List.of(200, 1000, CaptureLag.UNPACED), java.time.Duration.ofSeconds(2), 1);
    }

    /** 200 writes/s and full speed, 1 s each; 1 restore pass (tests). */
    public static CaptureOptions minimal() {
        return new CaptureOptions(List.of(200, CaptureLag.UNPACED), java.time.Duration.ofSeconds(1), 1);
    }
}
