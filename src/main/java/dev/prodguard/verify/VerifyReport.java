package dev.prodguard.verify;

import java.util.List;

/**
 * What {@code verify} found: snapshots and objects checked, documents re-counted, raw bytes read,
 * and every problem (the first one named in the summary).
 */
public record VerifyReport(int snapshots, int objects, long documents, long rawBytes, List<ObjectCheck> problems,
        long durationMillis) {
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The first bad object, or null. */
    public ObjectCheck firstProblem() {
        return problems.isEmpty() ? null : problems.get(0);
    }
}
