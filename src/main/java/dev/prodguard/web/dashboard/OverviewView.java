package dev.prodguard.web.dashboard;

import dev.prodguard.alert.Alert;
import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.guardian.GuardianHealth;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.status.StatusReport;
import dev.prodguard.text.Durations;
import dev.prodguard.verify.RestoreTestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's answer to "am I protected?", a pure function of the guardian's health, the status report and
 * the environment: one verdict with its reasons, then the facts behind it (environment, last snapshot and its
 * age, the current restore point and how far behind now it is, the restorable windows and gaps, the last restore
 * test, the repository, the open alerts), each marked ok, warn or bad in words as well as colour.
 */
public record OverviewView(Verdict verdict, List<String> reasons, List<Fact> facts, List<RestoreWindow> windows,
        List<Alert> openAlerts, Instant at) {
    /** The three answers. */
    public enum Verdict {
        PROTECTED("Protected", "ok"), AT_RISK("At risk", "warn"), NOT_PROTECTED("Not protected", "bad");

        private final String label;
        private final String level;

        Verdict(String label, String level) {
            this.label = label;
            this.level = level;
        }

        public String label() {
            return label;
        }

        /** ok, warn or bad: the style, never the only sign. */
        public String level() {
            return level;
        }
    }

    /** One fact: a label, its level (ok, warn, bad, info), text, an optional instant shown after it, and more text. */
    public record Fact(String label, String level, String text, Instant at, String more) {}

    /** A restore point more than this far behind now is a warning. */
    static final Duration BEHIND_WARN = Duration.ofSeconds(60);

    /** The overview of {@code db} from the guardian's {@code health} and the repository's {@code report}. */
    public static OverviewView of(String db, boolean production, GuardianHealth health, StatusReport report, Instant now) {
        Verdict v = switch (health.status()) {
            case "ok" -> Verdict.PROTECTED;
            case "degraded" -> Verdict.AT_RISK;
            default -> Verdict.NOT_PROTECTED;
        };
        List<String> reasons = new ArrayList<>(health.reasons().stream().map(GuardianHealth.Reason::message).toList());
        List<Fact> facts = new ArrayList<>();
        facts.add(production ? new Fact("Environment", "info", "PRODUCTION (PRODUCTION=true): " + db, null, "")
                : new Fact("Environment", "info", "not production (PRODUCTION is not true): " + db, null, ""));
        SnapshotManifest last = report.snapshots().stream().filter(m -> m.db().equals(db) && !m.isSafety())
                .reduce((a, b) -> b).orElse(null);
        if (last == null) {
            facts.add(new Fact("Last snapshot", "bad", "none yet: nothing can be restored", null, ""));
        } else {
            Duration age = Duration.between(last.finished(), now);
            facts.add(new Fact("Last snapshot", "ok", last.id() + ", finished", last.finished(), "(" + ago(age) + ", "
                    + last.documents() + " documents in " + last.collections().size() + " collections)"));
        }
        List<RestoreWindow> windows = report.restorable().stream().filter(w -> db.equals(w.db())
                && !w.kind().equals("snapshot") && !w.kind().equals("safety snapshot")).toList();
        RestoreWindow current = windows.stream().filter(w -> w.kind().equals("capture")).reduce((a, b) -> b).orElse(null);
        if (current == null) {
            facts.add(new Fact("Current restore point", last == null ? "bad" : "warn", last == null ? "none"
                    : "the last snapshot only: no captured changes (point-in-time restore needs capture)", null, ""));
        } else {
            Instant to = Instant.parse(current.to());
            Duration behind = Duration.between(to, now).isNegative() ? Duration.ZERO : Duration.between(to, now);
            facts.add(new Fact("Current restore point", behind.compareTo(BEHIND_WARN) > 0 ? "warn" : "ok", "", to,
                    behind.toSeconds() + " s behind now"));
        }
        long gaps = windows.stream().filter(w -> w.kind().equals("gap")).count();
        facts.add(new Fact("Restorable", gaps > 0 ? "warn" : current == null ? "warn" : "ok", windows.stream()
                .filter(w -> w.kind().equals("capture")).count() + " window(s) of captured history, " + gaps + " gap(s)",
                null, "(see the timeline)"));
        RestoreTestRecord test = report.lastRestoreTest();
        facts.add(test == null ? new Fact("Last restore test", "warn", "never run ('prodguard verify --restore', or weekly"
                + " by the guardian)", null, "")
                : new Fact("Last restore test", test.ok() ? "ok" : "bad", (test.ok() ? "passed" : "FAILED")
                        + (test.snapshotId() == null ? "" : " (snapshot " + test.snapshotId() + ")") + ",", test.at(),
                        test.at() == null ? "" : "(" + ago(Duration.between(test.at(), now)) + ")"));
        boolean local = !report.location().contains("://");
        facts.add(new Fact("Repository", local || !report.encrypted() ? "warn" : "ok", report.location() + ": "
                + (local ? "on this machine's filesystem (a copy off this machine protects against losing it)" : "off this machine")
                + ", " + (report.encrypted() ? "encrypted (AES-256-GCM)" : "not encrypted (set PRODGUARD_REPO_KEY)"), null, ""));
        List<Alert> open = report.openAlerts() == null ? List.of() : report.openAlerts();
        facts.add(new Fact("Open alerts", open.isEmpty() ? "ok" : "warn", open.isEmpty() ? "none" : open.size() + " open",
                null, ""));
        if (reasons.isEmpty()) {
            reasons.add("Capture, snapshots and the database all answer; nothing is open.");
        }
        return new OverviewView(v, reasons, facts, windows, open, now);
    }

    /** "42 s ago", "7 min 3 s ago", "3 h 10 min ago", "2 d 4 h ago" ({@link Durations#human}). */
    static String ago(Duration d) {
        return Durations.human(d) + " ago";
    }
}
