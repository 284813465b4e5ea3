package dev.prodguard.bench;

import dev.prodguard.snapshot.SnapshotOptions;

/**
 * What to measure: large dataset size, small dataset size (for heap), measured passes, seed, parallelism, the
 * capture part, and whether to run prodguard as a process of its own too ({@link WholeProcess}).
 */
public record BenchOptions(int users, int smallUsers, int repetitions, int warmups, boolean quick, long seed,
        int parallelism, CaptureOptions capture, boolean process) {
    public BenchOptions {
        if (users < 4 || smallUsers < 2 || smallUsers > users) {
            throw new IllegalArgumentException("need users >= 4 and 2 <= small users <= users, got " + users
                    + " and " + smallUsers);
        }
        if (repetitions < 1 || warmups < 0) {
            throw new IllegalArgumentException("need at least one repetition");
        }
    }

    /** Options with the smallest capture measurement and no whole-process part (tests). */
    public BenchOptions(int users, int smallUsers, int repetitions, int warmups, boolean quick, long seed, int parallelism) {
        this(users, smallUsers, repetitions, warmups, quick, seed, parallelism, CaptureOptions.minimal(), false);
    }

    /** Full run: 4000 users (about 150k documents), small size a quarter of it, 5 passes (3 left single whole-process passes deciding a median). */
    public static BenchOptions full() {
        return new BenchOptions(4000, 1000, 5, 1, false, 20261125L, SnapshotOptions.defaults().parallelism(),
                CaptureOptions.full(), true);
    }

    /** Quick run (under a minute): 300 users, small 75, 5 warm-up passes (the JIT settles), 2 measured passes. */
    public static BenchOptions quickRun() {
        return new BenchOptions(300, 75, 2, 5, true, 20261125L, SnapshotOptions.defaults().parallelism(),
                CaptureOptions.quick(), true);
    }

    /** The same options with {@code n} users; the small size stays a quarter of it. */
    public BenchOptions withUsers(int n) {
        return new BenchOptions(n, Math.max(2, n / 4), repetitions, warmups, quick, seed, parallelism, capture, process);
    }

    /** The same options with {@code w} warm-up passes before the measured ones. */
    public BenchOptions withWarmups(int w) {
        return new BenchOptions(users, smallUsers, repetitions, w, quick, seed, parallelism, capture, process);
    }

    public BenchOptions withRepetitions(int r) {
        return new BenchOptions(users, smallUsers, r, warmups, quick, seed, parallelism, capture, process);
    }

    /** The same options writing {@code s} seconds at each capture rate. */
    public BenchOptions withCaptureSeconds(int s) {
        return new BenchOptions(users, smallUsers, repetitions, warmups, quick, seed, parallelism,
                new CaptureOptions(capture.rates(), java.time.Duration.ofSeconds(s), capture.restorePasses()), process);
    }

    /** The same options with the whole-process part on or off. */
    public BenchOptions withProcess(boolean on) {
        return new BenchOptions(users, smallUsers, repetitions, warmups, quick, seed, parallelism, capture, on);
    }
}
