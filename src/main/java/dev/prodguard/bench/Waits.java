package dev.prodguard.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition every 20 ms until it holds or a deadline passes (the benchmark waits for capture this way). */
final class Waits {
    private Waits() {}

    /** Returns once {@code condition} holds; throws IllegalStateException with {@code what} after {@code atMost}. */
    static void until(Duration atMost, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what);
            }
            Thread.sleep(20);
        }
    }
}
