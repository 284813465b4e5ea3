package dev.prodguard.capture;

/**
 * A span of time that can be restored: {@code kind} "snapshot" (a single instant, from == to, the
 * snapshot's finish time) or, once change capture exists, "capture" (every second from..to) or
 * "gap" (history lost between from and to; not restorable).
 */
public record RestoreWindow(String kind, String from, String to, String snapshotId, String db) {
    /** Orders windows by their start instant (ISO strings of different precision do not sort as text). */
    public static final java.util.Comparator<RestoreWindow> BY_START = java.util.Comparator.comparing(RestoreWindow::start);

    private static java.time.Instant start(RestoreWindow w) {
        try {
            return java.time.Instant.parse(w.from());
        } catch (RuntimeException e) {
            return java.time.Instant.EPOCH;
        }
    }
}
