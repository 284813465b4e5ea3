package dev.prodguard.retention;

import java.time.Instant;
import java.util.List;

/**
 * What {@code prune} will delete and keep, and why: one {@link Item} per snapshot, segment,
 * unreferenced object and unfinished write. A pure value: {@link PrunePlanner} makes it, {@link Pruner} applies it.
 */
public record PrunePlan(Instant now, RetentionPolicy policy, List<Item> items) {
    public PrunePlan {
        items = List.copyOf(items);
    }

    /** What a plan item is: a snapshot, a change segment, an unreferenced data object, an unfinished write's temp file. */
    public enum Kind { SNAPSHOT, SEGMENT, ORPHAN, TEMP }

    /**
     * One decision: {@code delete} or keep, the reasons (user words), the bytes it frees, and the data
     * object keys it deletes (only keys no kept manifest names).
     */
    public record Item(Kind kind, String id, String db, boolean delete, List<String> reasons, long bytes,
            List<String> objectKeys) {
        public Item {
            reasons = List.copyOf(reasons);
            objectKeys = List.copyOf(objectKeys);
        }
    }

    /** Items to delete. */
    public List<Item> deletions() {
        return items.stream().filter(Item::delete).toList();
    }

    /** Items kept. */
    public List<Item> kept() {
        return items.stream().filter(i -> !i.delete()).toList();
    }

    /** Items of one kind. */
    public List<Item> of(Kind kind) {
        return items.stream().filter(i -> i.kind() == kind).toList();
    }

    /** Stored bytes the deletions free. */
    public long bytesFreed() {
        return deletions().stream().mapToLong(Item::bytes).sum();
    }

    /** "2 snapshot(s), 0 segment(s), 1 unreferenced object(s), 0 unfinished write(s)": what the deletions are. */
    public String deletionCounts() {
        return count(Kind.SNAPSHOT) + " snapshot(s), " + count(Kind.SEGMENT) + " segment(s), " + count(Kind.ORPHAN)
                + " unreferenced object(s), " + count(Kind.TEMP) + " unfinished write(s)";
    }

    private long count(Kind kind) {
        return deletions().stream().filter(i -> i.kind() == kind).count();
    }

    /** Whether the plan deletes anything. */
    public boolean empty() {
        return deletions().isEmpty();
    }
}
