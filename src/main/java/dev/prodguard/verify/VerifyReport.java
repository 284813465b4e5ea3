package dev.prodguard.verify;

import java.util.List;

/**
 * What {@code verify} found: snapshots and objects checked, documents re-counted, raw bytes read,
 * every problem (the first one named in the summary), and the data objects no snapshot names
 * ({@code unreferenced}: debris of interrupted snapshots, harmless; counted only when all snapshots are verified).
 */
public record VerifyReport(int snapshots, int objects, long documents, long rawBytes, List<ObjectCheck> problems,
        int unreferenced, long durationMillis) {
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
