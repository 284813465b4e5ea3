package dev.prodguard.status;

import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.snapshot.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One database's history on one time axis, as the dashboard's timeline shows it: its snapshots, its restorable
 * windows and gaps, the captured change volume per bucket, capture's lag per committed segment, and the incidents
 * (wipes, mass deletes, vanished data) with the restore point just before each.
 *
 * @param from the start of the axis (the oldest snapshot or window), null when the database has no history
 * @param to the end of the axis (now)
 */
public record TimelineReport(String db, Instant from, Instant to, List<SnapshotManifest> snapshots,
        List<RestoreWindow> windows, Duration bucket, List<Volume> volume, List<Lag> lag, List<Incident> incidents) {
    /** Changes captured in {@code [start, start + bucket)}, by the changes' own time. */
    public record Volume(Instant start, long events) {}

    /** How long after its newest change a segment was committed. */
    public record Lag(Instant committedAt, long millis) {}

    /**
     * A wipe the guardian alerted on: when, what, its restore point ({@code wipe:<id>}, or an instant for data
     * that vanished without a change), the instant just before it, and whether its alert is still open.
     */
    public record Incident(Instant at, String title, String point, Instant restorableUntil, boolean open) {}
}
