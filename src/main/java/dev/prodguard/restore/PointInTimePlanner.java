package dev.prodguard.restore;

import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.text.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * Plans a point-in-time restore: the newest regular snapshot finished at or before the point and
 * anchored in captured history covering it, plus the committed segments after the anchor up to the
 * point. The point is an instant, or "just before" a change (an incident's first change, or the newest
 * wipe by drop), found by reading the segments that can hold it. No database is read or written here.
 */
public final class PointInTimePlanner {
    /** The default burst window: the wipe window's default (PRODGUARD_WIPE_WINDOW_S). */
    public static final Duration DEFAULT_BURST_WINDOW = Duration.ofSeconds(10);

    private PointInTimePlanner() {}

    /**
     * The change a restore stops just before: its cluster time, its instant, what it was, and the incident
     * id that names it ({@code wipe:<id>}).
     */
    public record StopBefore(BsonTimestamp clusterTime, Instant at, String what, String id) {}

    /** How the planner reads the events of a segment (the repository in production, a map in tests). */
    public interface SegmentEvents {
        /** Feeds the segment's events, in order, to {@code sink}. */
        void read(SegmentManifest segment, java.util.function.Consumer<ChangeEvent> sink);
    }

    /**
     * A plan and the instant it restores to, with the change it stops before (or null), the restorable
     * windows for people, and what the plan cannot know exactly ({@code notes}, e.g. indexes listed by capture).
     */
    public record PointInTimePlan(RestorePlan plan, Instant instant, StopBefore stop, String windows, List<String> notes) {
        public PointInTimePlan {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** As {@link #plan(Repository, String, RestorePoint, RestoreRequest, Clock, Duration)} with the default burst window. */
    public static PointInTimePlan plan(Repository repo, String db, RestorePoint when, RestoreRequest request, Clock clock) {
        return plan(repo, db, when, request, clock, DEFAULT_BURST_WINDOW);
    }

    /**
     * Plans restoring {@code db} to {@code when}; drops within {@code burstWindow} of each other are one wipe
     * (PRODGUARD_WIPE_WINDOW_S) for before-last-drop.
     *
     * @throws ProdguardException REFUSED when the point is outside every restorable window (naming them),
     *     before-last-drop finds no drop, or no change of the history is the incident named
     */
    public static PointInTimePlan plan(Repository repo, String db, RestorePoint when, RestoreRequest request, Clock clock,
            Duration burstWindow) {
        return plan(CaptureHistory.load(repo, db), (m, sink) -> SegmentReader.read(repo, m, sink), when, request, clock,
                burstWindow);
    }

    /**
     * Plans restoring the timeline's database to {@code when}, reading segment events only through
     * {@code events} (to find the change a wipe:&lt;id&gt; or before-last-drop names). Pure otherwise.
     */
    public static PointInTimePlan plan(CaptureTimeline timeline, SegmentEvents events, RestorePoint when,
            RestoreRequest request, Clock clock, Duration burstWindow) {
        StopBefore stop = null;
        if (when.beforeLastDrop()) {
            DropBursts bursts = new DropBursts(timeline.db(), burstWindow);
            timeline.runs().forEach(r -> r.segments().forEach(m -> events.read(m, bursts::accept)));
            DropBursts.Burst burst = bursts.last();
            if (burst == null) {
                throw new ProdguardException(ErrorCode.REFUSED, "before-last-drop: the captured history of " + timeline.db()
                        + " holds no drop of your collections (" + timeline.describeWindows() + "); give an instant with"
                        + " --to instead");
            }
            stop = new StopBefore(burst.firstClusterTime(), burst.firstAt(), burst.what(), burst.id());
        } else if (when.incident() != null) {
            stop = incident(events, timeline, when.incident());
        }
        return plan(timeline, when, stop, request, clock);
    }

    /** Plans with a loaded timeline and a resolved stop (null: restore to {@code when}'s instant). Pure. */
    static PointInTimePlan plan(CaptureTimeline timeline, RestorePoint when, StopBefore stop, RestoreRequest request,
            Clock clock) {
        Instant t = stop != null ? stop.at() : when.instant();
        CaptureTimeline.Anchored a = timeline.choose(t);
        ReplayScope scope = new ReplayScope(t, stop == null ? null : stop.clusterTime(), request.include(), request.exclude());
        List<ReplayStep> steps = new ArrayList<>();
        for (SegmentManifest m : timeline.segmentsFor(a, t)) {
            if (m.events() > 0) {
                steps.add(new ReplayStep(m.id(), m.events(), m.object() == null ? List.of() : List.of(m.object()), Instants.point(t), scope));
            }
        }
        RestorePlan base = RestorePlanner.plan(a.snapshot(), request, clock);
        RestorePlan plan = new RestorePlan(base.snapshot(), base.targetDb(), base.targetDefaulted(), base.force(),
                base.collections(), base.views(), steps, base.excluded());
        return new PointInTimePlan(plan, t, stop, timeline.describeWindows(), notes(a.snapshot(), timeline.segmentsFor(a, t)));
    }

    /** What the replayed history cannot say exactly about the schema as of the point. */
    private static List<String> notes(dev.prodguard.snapshot.SnapshotManifest base, List<SegmentManifest> replayed) {
        List<String> out = new ArrayList<>();
        if (replayed.stream().anyMatch(m -> SegmentManifest.INDEXES_LISTED.equals(m.indexes()))) {
            out.add("indexes: this server does not report index changes as events, so capture listed the indexes every "
                    + dev.prodguard.capture.SchemaWatch.DEFAULT_EVERY.toSeconds() + " s; an index created or dropped less"
                    + " than that before the point may differ");
        }
        if (replayed.stream().anyMatch(m -> m.events() > 0 && m.indexes() == null)) {
            out.add("indexes: part of this history was captured before prodguard recorded index changes; indexes created"
                    + " or dropped after snapshot " + base.id() + " (" + Instants.human(base.finished()) + ") may be missing or extra");
        }
        return out;
    }

    /** The change at {@code clusterTime} in the history: the incident a wipe alert named. */
    private static StopBefore incident(SegmentEvents events, CaptureTimeline timeline, BsonTimestamp clusterTime) {
        String id = Incidents.id(clusterTime);
        for (CaptureTimeline.Run r : timeline.runs()) {
            for (SegmentManifest m : r.segments()) {
                if (m.firstClusterTime() == null || m.firstClusterTime().compareTo(clusterTime) > 0
                        || m.lastClusterTime().compareTo(clusterTime) < 0) {
                    continue;
                }
                ChangeEvent[] found = {null};
                events.read(m, e -> {
                    if (found[0] == null && e.meta().clusterTime().equals(clusterTime)) {
                        found[0] = e;
                    }
                });
                if (found[0] != null) {
                    ChangeEvent e = found[0];
                    return new StopBefore(clusterTime, DropBursts.at(e), "incident " + id + " (" + e.operationType()
                            + (e.meta().ns() == null || e.meta().ns().coll() == null ? "" : " on " + e.meta().ns().coll()) + ")",
                            id);
                }
            }
        }
        throw new ProdguardException(ErrorCode.REFUSED, "no change in the captured history of " + timeline.db() + " is"
                + " incident " + Incidents.PREFIX + id + " (" + timeline.describeWindows() + "); copy the id from the wipe"
                + " alert of this database, or give an instant with --to");
    }
}
