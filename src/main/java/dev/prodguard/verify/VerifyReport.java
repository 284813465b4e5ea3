package dev.prodguard.verify;

import java.util.List;

/**
 * What {@code verify} found: snapshots and their objects checked, documents re-counted, raw bytes read; the
 * captured databases, change segments and events read; every {@link Problem}; {@code notices}, facts that are
 * not damage but that people should know (a stale capture tip, objects without a manifest, history pruned by
 * retention); and {@code unreferenced}, the snapshot data objects no snapshot names (counted only when
 * everything is verified).
 */
public record VerifyReport(int snapshots, int objects, long documents, long rawBytes, int databases, int segments,
        long events, List<Problem> problems, List<String> notices, int unreferenced, long durationMillis) {
    public VerifyReport {
        problems = List.copyOf(problems);
        notices = List.copyOf(notices);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The first problem, or null. */
    public Problem firstProblem() {
        return problems.isEmpty() ? null : problems.get(0);
    }
}
