package dev.prodguard.web.dashboard;

import dev.prodguard.restore.RestoreService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The wizard's second step, before anything is written: the plan as {@code restore --dry-run} prints it, the point
 * it restores to, and the choices carried on to the restore itself (hidden fields).
 */
record PlanView(List<String> lines, Instant instant, String stoppedBefore, String target, boolean overExisting,
        WizardChoice choice) {
    static PlanView of(RestoreService.Planned p, WizardChoice c, String db) {
        List<String> lines = new ArrayList<>(p.plan().describe());
        if (p.pit() != null) {
            lines.addAll(p.pit().notes().stream().map(n -> "note: " + n).toList());
        }
        return new PlanView(lines, p.pit() == null ? p.plan().snapshot().finished() : p.pit().instant(),
                p.pit() == null || p.pit().stop() == null ? null : p.pit().stop().what(), p.plan().targetDb(),
                c.overExisting(), c);
    }
}
