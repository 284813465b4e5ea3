package dev.prodguard.web.dashboard;

import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.status.TimelineReport;
import dev.prodguard.text.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline as a server-drawn SVG (no script needed): one time axis, {@link #WIDTH} units wide, with lanes for
 * the restorable windows and gaps, the captured change volume, the snapshots and the incidents. Every mark has
 * a title (its tooltip and its accessible name); the same facts are listed as a table under the chart.
 */
public record TimelineView(TimelineReport report, List<Mark> snapshots, List<Span> spans, List<Bar> volume,
        List<Mark> incidents, List<Tick> ticks, long maxVolume) {
    /** Width of the drawing in SVG units. */
    public static final int WIDTH = 1000;
    /** Height of the volume lane in SVG units. */
    public static final int VOLUME_HEIGHT = 60;

    /** A point on the axis with its tooltip. */
    public record Mark(double x, Instant at, String title, String point) {}

    /** A stretch of the axis: a restorable window ({@code kind} capture) or a gap. */
    public record Span(double x, double width, String kind, Instant from, Instant to, String title) {}

    /** One bucket of change volume: its x, width and height in SVG units. */
    public record Bar(double x, double width, double height, String title) {}

    /** An axis label. */
    public record Tick(double x, Instant at) {}

    /** Lays out {@code r}. */
    public static TimelineView of(TimelineReport r) {
        if (r.from() == null) {
            return new TimelineView(r, List.of(), List.of(), List.of(), List.of(), List.of(), 0);
        }
        Instant from = r.from().minus(pad(r));
        Instant to = r.to();
        double span = Math.max(1, Duration.between(from, to).toMillis());
        java.util.function.Function<Instant, Double> x = t -> Math.max(0, Math.min(WIDTH,
                Duration.between(from, t).toMillis() / span * WIDTH));
        List<Mark> snapshots = new ArrayList<>();
        for (SnapshotManifest m : r.snapshots()) {
            snapshots.add(new Mark(x.apply(m.finished()), m.finished(), (m.isSafety() ? "safety snapshot " : "snapshot ")
                    + m.id() + ", " + m.documents() + " documents", m.isSafety() ? null : m.finished().toString()));
        }
        List<Span> spans = new ArrayList<>();
        for (RestoreWindow w : r.windows()) {
            Instant a = Instant.parse(w.from());
            Instant b = Instant.parse(w.to());
            double x0 = x.apply(a);
            spans.add(new Span(x0, Math.max(1.5, x.apply(b) - x0), w.kind(), a, b, (w.kind().equals("gap")
                    ? "gap: history lost from " : "restorable from ") + a + " to " + b));
        }
        long max = r.volume().stream().mapToLong(TimelineReport.Volume::events).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        for (TimelineReport.Volume v : r.volume()) {
            double x0 = x.apply(v.start());
            double h = max == 0 ? 0 : Math.max(1, (double) v.events() / max * VOLUME_HEIGHT);
            bars.add(new Bar(x0, Math.max(1, x.apply(v.start().plus(r.bucket())) - x0 - 0.5), h, v.events()
                    + " change(s) captured from " + Instants.human(v.start()) + " (" + r.bucket().toSeconds() + " s)"));
        }
        List<Mark> incidents = new ArrayList<>();
        for (TimelineReport.Incident i : r.incidents()) {
            incidents.add(new Mark(x.apply(i.at()), i.at(), i.title(), i.restorableUntil() == null ? null : i.point()));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            ticks.add(new Tick(WIDTH * i / 4.0, from.plusMillis(Math.round(span * i / 4))));
        }
        return new TimelineView(r, snapshots, spans, bars, incidents, ticks, max);
    }

    /** A little room before the first mark so it is not drawn on the edge. */
    private static Duration pad(TimelineReport r) {
        return Duration.ofMillis(Math.max(1000, Duration.between(r.from(), r.to()).toMillis() / 40));
    }
}
