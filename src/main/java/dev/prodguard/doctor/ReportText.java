package dev.prodguard.doctor;

import dev.prodguard.text.Durations;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link DoctorReport} for people: one line per layer with ✓/✗, its items and remedy. */
public final class ReportText {
    private final boolean unicode;
    private final boolean verbose;

    /**
     * @param unicode use ✓/✗ (false: ASCII markers, for terminals that cannot show them)
     * @param verbose show every layer's items, not only those of failed and multi-host layers
     */
    public ReportText(boolean unicode, boolean verbose) {
        this.unicode = unicode;
        this.verbose = verbose;
    }

    /** The report as lines of text (no secrets: the report holds none). */
    public List<String> lines(DoctorReport report) {
        List<String> out = new ArrayList<>();
        out.add("prodguard doctor: " + report.target() + " (database " + report.database() + ", timeout "
                + report.timeoutMs() + " ms)");
        for (LayerResult layer : report.layers()) {
            String time = layer.millis() >= 0 ? "  (" + Durations.millis(layer.millis()) + ")" : "";
            out.add("  " + mark(layer.status()) + " " + pad(layer.layer().title(), 18) + layer.summary() + time);
            if (verbose || layer.status() == Status.FAIL || (layer.items().size() > 1 && layer.layer() != Layer.TEST)) {
                for (Check item : layer.items()) {
                    String itemTime = item.millis() >= 0 ? " (" + Durations.millis(item.millis()) + ")" : "";
                    out.add("      " + mark(item.status()) + " " + item.name() + ": " + item.detail() + itemTime);
                }
            }
            if (layer.remedy() != null) {
                out.add("      " + (unicode ? "→ " : "-> ") + layer.remedy());
            }
        }
        if (report.contents() != null && report.contents().empty()) {
            out.add("  " + (unicode ? "⚠" : "[warn]") + " database " + report.database() + " holds no collections"
                    + " (prodguard's own do not count); databases on this server with data: "
                    + report.contents().othersText() + "; is DB_NAME mistyped?");
        }
        if (report.ok()) {
            out.add("doctor: all checks passed in " + Durations.millis(report.totalMillis()) + ".");
        } else {
            long problems = report.layers().stream().filter(l -> l.status() == Status.FAIL).count();
            String at = report.firstFailure().map(l -> l.layer().title()).orElse("?");
            out.add("doctor: FAILED at " + at + " (" + problems + " problem" + (problems == 1 ? "" : "s") + ", "
                    + Durations.millis(report.totalMillis()) + "); see the remedy above.");
        }
        return out;
    }

    private String mark(Status status) {
        if (unicode) {
            return switch (status) {
                case PASS -> "✓";
                case FAIL -> "✗";
                case SKIPPED -> "-";
                case NOT_CHECKED -> "·";
            };
        }
        return switch (status) {
            case PASS -> "[ok]  ";
            case FAIL -> "[FAIL]";
            case SKIPPED -> "[skip]";
            case NOT_CHECKED -> "[n/c] ";
        };
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.append(' ').toString();
    }
}
