package dev.prodguard.bench;

/**
 * One run of one phase (or the sum of two timed runs): documents and raw BSON bytes moved, elapsed
 * nanoseconds (timed runs), stored bytes (snapshots only, else 0), and the heap report (heap runs
 * only, else null).
 */
record PhaseRun(long documents, long bytes, long nanos, long storedBytes, HeapSampler.HeapReport heap) {
    /** A raw transfer timed by wall clock, without a heap report. */
    static PhaseRun timed(java.util.function.Supplier<RawTransfer.Totals> raw) {
        long t0 = System.nanoTime();
        RawTransfer.Totals t = raw.get();
        return new PhaseRun(t.documents(), t.bytes(), System.nanoTime() - t0, 0, null);
    }

    /** Both timed runs together (for A-B-B-A ordering). */
    PhaseRun plus(PhaseRun o) {
        return new PhaseRun(documents + o.documents, bytes + o.bytes, nanos + o.nanos,
                Math.max(storedBytes, o.storedBytes), null);
    }

    double seconds() {
        return nanos / 1e9;
    }

    double docsPerSecond() {
        return documents / Math.max(seconds(), 1e-9);
    }

    double megabytesPerSecond() {
        return bytes / 1e6 / Math.max(seconds(), 1e-9);
    }
}
