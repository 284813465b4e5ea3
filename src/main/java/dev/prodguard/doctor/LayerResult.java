package dev.prodguard.doctor;

import java.util.List;

/**
 * The outcome of one layer: its status, a one-line summary of what was seen, the remedy when it
 * failed (one sentence, in the user's guide's wording where it has one), its duration and items.
 */
public record LayerResult(Layer layer, Status status, String summary, String remedy, long millis, List<Check> items) {
    public LayerResult {
        items = List.copyOf(items);
    }

    /** A passed layer. */
    public static LayerResult pass(Layer layer, String summary, long millis, List<Check> items) {
        return new LayerResult(layer, Status.PASS, summary, null, millis, items);
    }

    /** A failed layer with its remedy. */
    public static LayerResult fail(Layer layer, String summary, String remedy, long millis, List<Check> items) {
        return new LayerResult(layer, Status.FAIL, summary, remedy, millis, items);
    }

    /** A layer that does not apply or that this server cannot answer. */
    public static LayerResult notChecked(Layer layer, String summary) {
        return new LayerResult(layer, Status.NOT_CHECKED, summary, null, -1, List.of());
    }

    /** A layer not run because {@code failed} failed before it. */
    public static LayerResult skipped(Layer layer, Layer failed) {
        return new LayerResult(layer, Status.SKIPPED, "skipped: " + failed.title() + " failed", null, -1, List.of());
    }
}
