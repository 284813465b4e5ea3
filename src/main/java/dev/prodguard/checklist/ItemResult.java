package dev.prodguard.checklist;

import java.util.List;

/**
 * The outcome of one checklist item: status, a one-line detail of what was seen, the one-line remedy
 * (for FAIL) or instruction (for MANUAL), optional notes (e.g. finding locations) and its duration.
 * Never holds a secret.
 *
 * @param id the item's stable id (e.g. {@code cluster-reachable})
 * @param title the item in the guide's words
 * @param millis how long the item took; -1 when it did not run
 */
public record ItemResult(String id, String title, ItemStatus status, String detail, String remedy,
        List<String> notes, long millis) {
    public ItemResult {
        notes = List.copyOf(notes);
    }

    /** A passed item. */
    public static ItemResult pass(CheckItem item, String detail) {
        return new ItemResult(item.id(), item.title(), ItemStatus.PASS, detail, null, List.of(), -1);
    }

    /** A failed item with its remedy. */
    public static ItemResult fail(CheckItem item, String detail, String remedy) {
        return new ItemResult(item.id(), item.title(), ItemStatus.FAIL, detail, remedy, List.of(), -1);
    }

    /** An item a person must confirm, with the instruction how. */
    public static ItemResult manual(CheckItem item, String detail, String instruction) {
        return new ItemResult(item.id(), item.title(), ItemStatus.MANUAL, detail, instruction, List.of(), -1);
    }

    /** An item not checked here, with the reason. */
    public static ItemResult skipped(CheckItem item, String reason) {
        return new ItemResult(item.id(), item.title(), ItemStatus.SKIPPED, reason, null, List.of(), -1);
    }

    /** The same result with notes (shown under a failure, or always with --verbose). */
    public ItemResult withNotes(List<String> more) {
        return new ItemResult(id, title, status, detail, remedy, more, millis);
    }

    /** The same result with its duration. */
    ItemResult withMillis(long ms) {
        return new ItemResult(id, title, status, detail, remedy, notes, ms);
    }
}
