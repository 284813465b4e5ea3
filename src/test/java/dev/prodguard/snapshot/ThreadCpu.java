package dev.prodguard.snapshot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/** CPU time of the live Java threads, summed by thread-name group (digits and ids stripped), for the cost probe. */
final class ThreadCpu {
    private ThreadCpu() {}

    /** Whether the probe reports CPU per thread group ({@code -Dprobe.threads=true}); the polling costs CPU itself. */
    static final boolean ENABLED = Boolean.getBoolean("probe.threads");

    /**
     * Polls every thread's CPU time every few milliseconds, keeping the last value seen of threads that die
     * (only when {@link #ENABLED}; otherwise it does nothing).
     */
    static final class Watch implements AutoCloseable {
        private final Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread poller;
        private volatile boolean running = true;

        Watch() {
            if (!ENABLED) {
                poller = null;
                return;
            }
            last.putAll(byGroup());
            poller = new Thread(() -> {
                while (running) {
                    last.putAll(byGroup());
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
            }, "probe-cpu-watch");
            poller.setDaemon(true);
            poller.start();
        }

        /** The last CPU time seen per thread. */
        Map<String, Long> snapshot() {
            if (!ENABLED) {
                return Map.of();
            }
            last.putAll(byGroup());
            return new HashMap<>(last);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            if (poller != null) {
                poller.join();
            }
        }
    }

    /** Total collection time of every collector, milliseconds. */
    static long gcMillis() {
        long t = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    /** Per live thread (id → group and CPU nanoseconds), as "group#id" keys. */
    static Map<String, Long> byGroup() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(ti.getThreadId());
            if (cpu >= 0) {
                out.put(group(ti.getThreadName()) + "#" + ti.getThreadId(), cpu);
            }
        }
        return out;
    }

    /** Adds to {@code sums}, per group, the CPU each thread used between {@code before} and {@code after}. */
    static void accumulate(Map<String, Long> sums, Map<String, Long> before, Map<String, Long> after) {
        if (after.isEmpty()) {
            return;
        }
        long java = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            String g = e.getKey().substring(0, e.getKey().indexOf('#'));
            sums.merge(g, d, Long::sum);
            java += d;
        }
        sums.merge("(all java threads)", java, Long::sum);
    }

    private static String group(String name) {
        if (name.startsWith("snapshot-")) {
            return name.startsWith("snapshot-meta-") ? "snapshot-meta" : "snapshot";
        }
        return name.replaceAll("[0-9]+", "N");
    }
}
