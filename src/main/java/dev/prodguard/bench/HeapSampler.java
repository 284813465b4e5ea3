package dev.prodguard.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures heap use during one benchmark phase: a full GC first sets the baseline; then a daemon
 * thread samples heap use every 2 ms (peak including garbage) and forces a full GC every
 * {@code gcEveryMillis} (or four times the last GC's pause, whichever is longer, so that the
 * application and the driver's heartbeats keep running on a large heap) so that the heap left after it (the live set) is sampled whatever the
 * heap size (with a large -Xmx a short phase may otherwise see no GC at all). The live set is what a
 * full collection leaves, as its own notification reports it: heap use read after {@code System.gc()}
 * returns already holds what other threads allocated since, and a young collection leaves the old
 * generation's garbage (large buffers go there directly), so neither counts (every collection's
 * "before" still counts towards the peak with garbage). A full GC after the phase gives what the phase
 * left behind. The forced GCs slow the phase down, so heap is measured in separate, untimed runs.
 */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final Set<String> heapPools = new HashSet<>();
    private final NotificationListener onGc = this::onGc;
    private final long baseline;
    private final long gcEveryNanos;
    private final Thread sampler;
    private volatile boolean running = true;
    private HeapReport report;

    /** What one phase did to the heap, in bytes. */
    record HeapReport(long baseline, long peakUsed, long peakLiveAfterGc, long retainedAfter) {
        /** Peak heap use above the baseline, garbage included (what -Xmx must allow for). */
        long peakAboveBaseline() {
            return Math.max(0, peakUsed - baseline);
        }

        /** Peak live heap (after GC) above the baseline: what a read-only phase holds. */
        long peakLiveAboveBaseline() {
            return Math.max(0, peakLiveAfterGc - baseline);
        }

    }

    private HeapSampler(long gcEveryMillis) {
        this.gcEveryNanos = gcEveryMillis * 1_000_000;
        fullGc();
        baseline = memory.getHeapMemoryUsage().getUsed();
        peakUsed.set(baseline);
        peakAfterGc.set(baseline);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
                pool.resetPeakUsage();
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(onGc, null, null);
                emitters.add(e);
            }
        }
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage, records the baseline and starts sampling, forcing a full GC every {@code gcEveryMillis}. */
    static HeapSampler start(long gcEveryMillis) {
        return new HeapSampler(gcEveryMillis);
    }

    /** Stops sampling, collects garbage once more and returns the phase's heap report. */
    HeapReport stop() {
        if (report != null) {
            return report;
        }
        running = false;
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(onGc);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
        fullGc();
        long retained = memory.getHeapMemoryUsage().getUsed();
        peakAfterGc.accumulateAndGet(retained, Math::max); // the closing GC is one more live sample
        report = new HeapReport(baseline, peakUsed.get(), peakAfterGc.get(), retained);
        return report;
    }

    @Override
    public void close() {
        stop();
    }

    private void sample() {
        long lastGc = System.nanoTime();
        long lastGcNanos = 0; // the pause of the last forced GC: keep forced GCs under a fifth of the time
        while (running) {
            peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            if (gcEveryNanos > 0 && System.nanoTime() - lastGc >= Math.max(gcEveryNanos, 4 * lastGcNanos)) {
                long t0 = System.nanoTime();
                System.gc(); // its live heap arrives as the collection's notification (onGc): reading heap use
                // here would already include what other threads allocated since the collection ended
                lastGc = System.nanoTime();
                lastGcNanos = lastGc - t0;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** What a collector's notification calls a collection of the whole heap (G1's, Serial's and Parallel's full GC). */
    static final String FULL_COLLECTION = "end of major GC";

    private void onGc(Notification n, Object handback) {
        if (!running || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = 0;
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            before += heapPools.contains(e.getKey()) ? e.getValue().getUsed() : 0;
        }
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            after += heapPools.contains(e.getKey()) ? e.getValue().getUsed() : 0;
        }
        peakUsed.accumulateAndGet(before, Math::max);
        if (FULL_COLLECTION.equals(info.getGcAction())) {
            // only a full collection leaves nothing but live objects: after a young one the old generation
            // still holds its garbage (large buffers are allocated there directly)
            peakAfterGc.accumulateAndGet(after, Math::max);
        }
    }

    /** A full collection, twice so that finalizable and soft garbage is gone too. */
    static void fullGc() {
        System.gc();
        System.gc();
    }

    /**
     * Stops this JVM from shrinking its heap after a full collection ({@code MaxHeapFreeRatio=100}, a setting a
     * running program may change), so that what runs next does not wait while the heap grows back.
     *
     * @throws RuntimeException when the JVM refuses the setting
     */
    static void keepHeap() {
        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .setVMOption("MaxHeapFreeRatio", "100");
    }

    /** How many collections this JVM has run, of every collector. */
    static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
