package dev.prodguard.pitr;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.ReplayScope;
import dev.prodguard.restore.ReplayStep;
import dev.prodguard.restore.RestorePlan;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
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
    private PointInTimePlanner() {}

    /**
     * The change a restore stops just before: its cluster time, its instant, what it was, and the incident
     * id that names it ({@code wipe:<id>}).
     */
    public record StopBefore(BsonTimestamp clusterTime, Instant at, String what, String id) {}

    /** A plan and the instant it restores to, with the change it stops before (or null). */
    public record PointInTimePlan(RestorePlan plan, Instant instant, StopBefore stop, String windows) {}

    /** As {@link #plan(Repository, String, RestoreInstant, RestoreRequest, Clock, Duration)} with the default burst window. */
    public static PointInTimePlan plan(Repository repo, String db, RestoreInstant when, RestoreRequest request, Clock clock) {
        return plan(repo, db, when, request, clock, LastDrop.DEFAULT_WINDOW);
    }

    /**
     * Plans restoring {@code db} to {@code when}; drops within {@code burstWindow} of each other are one wipe
     * (PRODGUARD_WIPE_WINDOW) for before-last-drop.
     *
     * @throws ProdguardException REFUSED when the point is outside every restorable window (naming them),
     *     before-last-drop finds no drop, or no change of the history is the incident named
     */
    public static PointInTimePlan plan(Repository repo, String db, RestoreInstant when, RestoreRequest request, Clock clock,
            Duration burstWindow) {
        CaptureTimeline timeline = CaptureHistory.load(repo, db);
        StopBefore stop = null;
        if (when.beforeLastDrop()) {
            List<SegmentManifest> all = new ArrayList<>();
            timeline.runs().forEach(r -> all.addAll(r.segments()));
            DropBursts.Burst burst = LastDrop.find(repo, all, db, burstWindow);
            if (burst == null) {
                throw new ProdguardException(ErrorCode.REFUSED, "before-last-drop: the captured history of " + db
                        + " holds no drop of your collections (" + timeline.describeWindows() + "); give an instant with"
                        + " --to instead");
            }
            stop = new StopBefore(burst.firstClusterTime(), burst.firstAt(), burst.what(), burst.id());
        } else if (when.incident() != null) {
            stop = incident(repo, timeline, when.incident());
        }
        return plan(timeline, when, stop, request, clock);
    }

    /** Plans with a loaded timeline and a resolved stop (null: restore to {@code when}'s instant). Pure. */
    public static PointInTimePlan plan(CaptureTimeline timeline, RestoreInstant when, StopBefore stop, RestoreRequest request,
            Clock clock) {
        Instant t = stop != null ? stop.at() : when.instant();
        CaptureTimeline.Anchored a = timeline.choose(t);
        ReplayScope scope = new ReplayScope(t, stop == null ? null : stop.clusterTime(), request.include(), request.exclude());
        List<ReplayStep> steps = new ArrayList<>();
        for (SegmentManifest m : timeline.segmentsFor(a, t)) {
            if (m.events() > 0) {
                steps.add(new ReplayStep(m.id(), m.events(), m.object() == null ? List.of() : List.of(m.object()), t.toString(), scope));
            }
        }
        RestorePlan base = RestorePlanner.plan(a.snapshot(), request, clock);
        RestorePlan plan = new RestorePlan(base.snapshot(), base.targetDb(), base.targetDefaulted(), base.force(),
                base.collections(), base.views(), steps, base.excluded());
        return new PointInTimePlan(plan, t, stop, timeline.describeWindows());
    }

    /** The change at {@code clusterTime} in the history: the incident a wipe alert named. */
    private static StopBefore incident(Repository repo, CaptureTimeline timeline, BsonTimestamp clusterTime) {
        String id = Incidents.id(clusterTime);
        for (CaptureTimeline.Run r : timeline.runs()) {
            for (SegmentManifest m : r.segments()) {
                if (m.firstClusterTime() == null || m.firstClusterTime().compareTo(clusterTime) > 0
                        || m.lastClusterTime().compareTo(clusterTime) < 0) {
                    continue;
                }
                ChangeEvent[] found = {null};
                SegmentReader.read(repo, m, e -> {
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
