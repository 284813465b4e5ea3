package dev.prodguard.checklist;

import dev.prodguard.error.ErrorCode;
import java.util.List;

/** Every item's result of one checklist run, in the checklist's order. Holds no secret. */
public record ChecklistReport(Stage stage, List<ItemResult> items, long totalMillis) {
    public ChecklistReport {
        items = List.copyOf(items);
    }

    /** True when no item failed (manual and skipped items do not fail the run). */
    public boolean ok() {
        return count(ItemStatus.FAIL) == 0;
    }

    /** How many items ended with the status. */
    public long count(ItemStatus status) {
        return items.stream().filter(i -> i.status() == status).count();
    }

    /** 0 when ok, 1 (CHECK_FAILED) when an item failed. */
    public ErrorCode exitCode() {
        return ok() ? ErrorCode.OK : ErrorCode.CHECK_FAILED;
    }

    /** The result of the item with that id. @throws IllegalArgumentException when the run has no such item */
    public ItemResult item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no item " + id));
    }

    /** One line: "5 passed, 1 failed, 3 manual, 0 skipped". */
    public String summary() {
        return count(ItemStatus.PASS) + " passed, " + count(ItemStatus.FAIL) + " failed, " + count(ItemStatus.MANUAL)
                + " manual, " + count(ItemStatus.SKIPPED) + " skipped";
    }
}
