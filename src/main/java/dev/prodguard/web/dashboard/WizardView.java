package dev.prodguard.web.dashboard;

import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.status.TimelineReport;
import java.util.List;

/**
 * The restore wizard's first step: the point given (from the timeline or an alert), the incidents to restore to
 * just before, the collections to choose from (of the newest snapshot), the restorable windows, and a restore
 * still running from the dashboard (null: none), and when the form came back refused, why and whether it asked
 * for the existing database.
 */
record WizardView(String db, String point, List<TimelineReport.Incident> incidents, List<String> collections,
        List<RestoreWindow> windows, RestoreJobs.Job running, String refusal, boolean overExisting) {
    /** Whether {@code candidate} is the point already chosen. */
    boolean chosen(String candidate) {
        return candidate != null && candidate.equals(point);
    }

    /** Whether the point given is none of the incidents (then it is an instant). */
    boolean instantChosen() {
        return incidents.stream().noneMatch(i -> i.point().equals(point));
    }
}
