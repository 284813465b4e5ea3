package dev.prodguard.cli;

import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.ReplayStep;
import dev.prodguard.text.Instants;
import java.util.ArrayList;
import java.util.List;

/** The point-in-time part of a restore plan, as lines for people (--dry-run). */
final class PointInTimeText {
    private PointInTimeText() {}

    static List<String> describe(PointInTimePlanner.PointInTimePlan pit) {
        List<String> out = new ArrayList<>();
        out.add("  point in time: " + (pit.stop() == null ? Instants.point(pit.instant()) + " (every change up to and including it)"
                : "just before the " + pit.stop().what() + " at " + Instants.human(pit.stop().at()) + " (incident "
                + dev.prodguard.restore.Incidents.PREFIX + pit.stop().id() + ")"));
        long events = pit.plan().replay().stream().mapToLong(ReplayStep::events).sum();
        out.add("  replay:  " + pit.plan().replay().size() + " segment(s) holding " + events
                + " change(s); only those up to the instant are applied");
        out.add("  " + pit.windows());
        pit.notes().forEach(n -> out.add("  note: " + n));
        return out;
    }
}
