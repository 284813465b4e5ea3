package dev.prodguard.pitr;

import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.ReplayScope;
import dev.prodguard.restore.ReplayStep;
import dev.prodguard.restore.RestorePlan;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a point-in-time restore from manifests: the newest snapshot finished at or before the instant
 * and anchored in captured history covering it, plus the committed segments after the anchor up to
 * and including the instant. No database is read or written here.
 */
public final class PointInTimePlanner {
    private PointInTimePlanner() {}

    /** A plan and the instant it restores to, with the drop it stops before (before-last-drop) or null. */
    public record PointInTimePlan(RestorePlan plan, Instant instant, LastDrop.Drop drop, String windows) {}

    /**
     * Plans restoring {@code db} to {@code when}.
     *
     * @throws ProdguardException REFUSED when the instant is outside every restorable window (naming them),
     *     or before-last-drop finds no drop
     */
    public static PointInTimePlan plan(Repository repo, String db, RestoreInstant when, RestoreRequest request, Clock clock) {
        CaptureTimeline timeline = CaptureHistory.load(repo, db);
        return plan(repo, timeline, when, request, clock);
    }

    /** As {@link #plan(Repository, String, RestoreInstant, RestoreRequest, Clock)} with a loaded timeline. */
    public static PointInTimePlan plan(Repository repo, CaptureTimeline timeline, RestoreInstant when, RestoreRequest request,
            Clock clock) {
        Instant t = when.instant();
        LastDrop.Drop drop = null;
        if (when.beforeLastDrop()) {
            List<SegmentManifest> all = new ArrayList<>();
            timeline.runs().forEach(r -> all.addAll(r.segments()));
            drop = LastDrop.find(repo, all);
            if (drop == null) {
                throw new ProdguardException(ErrorCode.REFUSED, "before-last-drop: the captured history of " + timeline.db()
                        + " holds no drop (" + timeline.describeWindows() + "); give an instant with --to instead");
            }
            t = drop.instant();
        }
        CaptureTimeline.Anchored a = timeline.choose(t);
        ReplayScope scope = new ReplayScope(t, drop == null ? null : drop.clusterTime(), request.include(), request.exclude());
        List<ReplayStep> steps = new ArrayList<>();
        for (SegmentManifest m : timeline.segmentsFor(a, t)) {
            if (m.events() > 0) {
                steps.add(new ReplayStep(m.id(), m.events(), m.object() == null ? List.of() : List.of(m.object()), t.toString(), scope));
            }
        }
        RestorePlan base = RestorePlanner.plan(a.snapshot(), request, clock);
        RestorePlan plan = new RestorePlan(base.snapshot(), base.targetDb(), base.targetDefaulted(), base.force(),
                base.collections(), base.views(), steps, base.excluded());
        return new PointInTimePlan(plan, t, drop, timeline.describeWindows());
    }
}
