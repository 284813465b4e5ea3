package dev.prodguard.checklist;

import dev.prodguard.text.Durations;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ChecklistReport} for people: one line per item with ✓ / ✗ / manual, its remedy or instruction. */
public final class ChecklistText {
    private final boolean unicode;
    private final boolean verbose;

    /**
     * @param unicode use ✓/✗/→ (false: ASCII markers, for terminals that cannot show them)
     * @param verbose show every item's notes, not only those of failed items
     */
    public ChecklistText(boolean unicode, boolean verbose) {
        this.unicode = unicode;
        this.verbose = verbose;
    }

    /** The report as lines (no secrets: the report holds none). */
    public List<String> lines(ChecklistReport report) {
        List<String> out = new ArrayList<>();
        out.add("prodguard check: " + report.stage().wireName() + " checklist (" + report.items().size() + " items)");
        for (ItemResult item : report.items()) {
            String time = verbose && item.millis() >= 0 ? "  (" + Durations.millis(item.millis()) + ")" : "";
            out.add("  " + mark(item.status()) + " " + item.title() + time);
            out.add("      " + item.detail());
            if (verbose || item.status() == ItemStatus.FAIL) {
                for (String note : item.notes()) {
                    out.add("      - " + note);
                }
            }
            if (item.remedy() != null) {
                out.add("      " + (unicode ? "→ " : "-> ") + item.remedy());
            }
        }
        out.add("check " + report.stage().wireName() + ": " + report.summary() + " (" + Durations.millis(report.totalMillis()) + ")"
                + (report.ok() ? (report.count(ItemStatus.MANUAL) > 0 ? "; confirm the manual items by hand" : "")
                        : "; FAILED: fix the items marked " + mark(ItemStatus.FAIL).trim()));
        return out;
    }

    private String mark(ItemStatus status) {
        if (unicode) {
            return switch (status) {
                case PASS -> "✓     ";
                case FAIL -> "✗     ";
                case MANUAL -> "manual";
                case SKIPPED -> "-     ";
            };
        }
        return switch (status) {
            case PASS -> "[ok]    ";
            case FAIL -> "[FAIL]  ";
            case MANUAL -> "[manual]";
            case SKIPPED -> "[skip]  ";
        };
    }
}
