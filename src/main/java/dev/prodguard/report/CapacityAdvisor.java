package dev.prodguard.report;

import dev.prodguard.report.CapacityAdvice.Limit;
import dev.prodguard.report.CapacityAdvice.Recommendation;
import dev.prodguard.report.CapacityAdvice.Verdict;
import dev.prodguard.report.GrowthFit.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The capacity and cost advisor, pure: from the history of storage, connections and operations per second, a
 * robust fit ({@link GrowthFit}) per metric, the date each limit of the current tier is reached with its 90 %
 * interval (earliest at the interval's fastest growth, latest at its slowest), and the cheapest tier of the table
 * that holds the next {@link #PLAN_AHEAD} at the median growth with {@link #HEADROOM} to spare.
 */
public final class CapacityAdvisor {
    /** The shortest history a trend is fitted on. */
    public static final Duration MIN_SPAN = Duration.ofDays(1);
    /** Dates further out than this are "not within 3 years". */
    public static final Duration HORIZON = Duration.ofDays(3 * 365);
    /** How far ahead the recommended tier must hold. */
    public static final Duration PLAN_AHEAD = Duration.ofDays(365);
    /** The share of a limit the recommended tier may be filled to (the monitor alerts at 80 %). */
    public static final double HEADROOM = 0.8;

    /** One metric's history: what it is, its unit ({@code bytes}, {@code connections}, {@code operations/s}) and where it came from. */
    public record Metric(String what, String unit, String source, List<Point> history) {}

    private CapacityAdvisor() {}

    /** The advice as of {@code now}; {@code current} empty when {@code PRODGUARD_TIER} is unset. */
    public static CapacityAdvice advise(TierTable table, Optional<Tier> current, Metric storage, Metric connections,
            Metric ops, Instant now) {
        Tier tier = current.orElse(null);
        List<Limit> limits = new ArrayList<>();
        limits.add(limit(storage, tier == null ? 0 : tier.storageBytes(), tier, now));
        limits.add(limit(connections, tier == null ? 0 : tier.connections(), tier, now));
        limits.add(limit(ops, tier == null ? 0 : tier.opsPerSecond(), tier, now));
        String tierSource = tier == null ? "PRODGUARD_TIER is not set: set it to the database's tier ("
                + String.join(", ", table.tiers().stream().map(Tier::name).toList()) + ") to date its limits"
                : tier.source();
        return new CapacityAdvice(tier == null ? null : tier.name(), tierSource, limits,
                recommend(table, tier, List.of(storage, connections, ops), limits, now), table.tiers());
    }

    static Limit limit(Metric m, double limit, Tier tier, Instant now) {
        String name = capitalised(m.what());
        if (m.history().isEmpty()) {
            return new Limit(m.what(), m.unit(), limit, m.source(), Verdict.NO_HISTORY, 0, null, null, null, null, null,
                    null, null, name + ": no samples in the monitoring history (" + m.source() + "); the guardian"
                    + " ('prodguard run') collects them.");
        }
        List<Point> sorted = m.history().stream().sorted(Comparator.comparing(Point::at)).toList();
        double last = sorted.get(sorted.size() - 1).value();
        Duration span = Duration.between(sorted.get(0).at(), sorted.get(sorted.size() - 1).at());
        Optional<GrowthFit> fit = span.compareTo(MIN_SPAN) < 0 ? Optional.empty() : GrowthFit.of(sorted, now);
        if (fit.isEmpty()) {
            return new Limit(m.what(), m.unit(), limit, m.source(), Verdict.NOT_ENOUGH_HISTORY, sorted.size(), last, null,
                    null, null, null, null, null, name + ": " + sorted.size() + " sample(s) over " + Words.days(span)
                    + ", now " + value(last, m.unit()) + "; a trend needs at least " + GrowthFit.MIN_POINTS
                    + " samples over " + Words.days(MIN_SPAN) + ".");
        }
        GrowthFit f = fit.get();
        String head = name + ": " + value(f.levelNow(), m.unit()) + " now, " + (f.perDay() < 0 ? "shrinking " : "growing ")
                + value(Math.abs(f.perDay()), m.unit()) + " a day (90 % interval " + signed(f.lowPerDay(), m.unit()) + " to "
                + signed(f.highPerDay(), m.unit()) + " a day, " + f.points() + " points over " + Words.days(f.span()) + ")";
        if (limit <= 0) {
            String why = tier == null ? "set PRODGUARD_TIER to date a limit" : "tier " + tier.name() + " does not cap it";
            return fitted(m, limit, Verdict.NO_LIMIT, f, null, null, null, head + "; " + why + ".");
        }
        String of = " of " + (tier == null ? "the tier" : tier.name()) + "'s " + value(limit, m.unit());
        if (f.levelNow() >= limit) {
            return fitted(m, limit, Verdict.REACHED, f, now, now, now, head + ": the limit" + of + " is reached now.");
        }
        Instant expected = within(f.reaches(limit, f.perDay()), now);
        Instant earliest = within(f.reaches(limit, f.highPerDay()), now);
        Instant latest = within(f.reaches(limit, f.lowPerDay()), now);
        if (f.lowPerDay() > 0) {
            return fitted(m, limit, Verdict.GROWING, f, expected, earliest, latest, head + ": it reaches the limit" + of
                    + " " + when(expected) + " (between " + bare(earliest) + " and " + bare(latest) + ").");
        }
        if (f.highPerDay() > 0) {
            return fitted(m, limit, Verdict.UNCLEAR, f, f.perDay() > 0 ? expected : null, earliest, null, head
                    + ": no clear trend (the interval includes no growth); at the fastest growth the history allows it"
                    + " would reach the limit" + of + " " + when(earliest) + ".");
        }
        return fitted(m, limit, Verdict.NOT_GROWING, f, null, null, null, head + ": not growing, so no date for the limit"
                + of + ".");
    }

    private static Limit fitted(Metric m, double limit, Verdict v, GrowthFit f, Instant expected, Instant earliest,
            Instant latest, String sentence) {
        return new Limit(m.what(), m.unit(), limit, m.source(), v, f.points(), f.levelNow(), f.perDay(), f.lowPerDay(),
                f.highPerDay(), expected, earliest, latest, sentence);
    }

    private static Recommendation recommend(TierTable table, Tier current, List<Metric> metrics, List<Limit> limits,
            Instant now) {
        double[] need = new double[3];
        boolean any = false;
        boolean trend = false;
        for (int i = 0; i < 3; i++) {
            Limit l = limits.get(i);
            if (l.now() == null) {
                continue;
            }
            any = true;
            double peak = metrics.get(i).history().stream().mapToDouble(Point::value).max().orElse(0);
            double ahead = l.perDay() == null ? l.now() : l.now() + Math.max(0, l.perDay()) * PLAN_AHEAD.toDays();
            trend |= l.perDay() != null;
            need[i] = Math.max(peak, ahead);
        }
        if (!any) {
            return null;
        }
        String basis = trend ? "the next " + PLAN_AHEAD.toDays() + " days at the median growth" : "today's levels (no trend yet)";
        String needs = Words.size(need[0]) + " of storage, " + Words.number(need[1]) + " connections and "
                + Words.number(need[2]) + " operations/s";
        for (Tier t : table.tiers()) {
            boolean holds = need[0] <= HEADROOM * t.storageBytes() && need[1] <= HEADROOM * t.connections()
                    && (t.opsPerSecond() == 0 || need[2] <= HEADROOM * t.opsPerSecond());
            if (holds) {
                boolean change = current == null || !current.name().equals(t.name());
                Instant before = limits.stream().map(Limit::earliest).filter(Objects::nonNull).min(Instant::compareTo)
                        .orElse(null);
                String verb = current == null ? "Be on " + t.name() : change ? "Move to " + t.name()
                        + (before == null ? "" : " before " + Words.date(before)) : "Stay on " + t.name();
                return new Recommendation(t.name(), t.monthlyUsd(), change, verb + " (" + Words.money(t.monthlyUsd())
                        + "): it holds " + basis + " (" + needs + ") within " + Words.pct(HEADROOM) + " of its limits.",
                        t.source());
            }
        }
        return new Recommendation(null, 0, true, "No tier of the table holds " + basis + " (" + needs + "): add a larger"
                + " tier to the tiers: list of prodguard.yml.", "");
    }

    private static Instant within(Optional<Instant> t, Instant now) {
        return t.filter(x -> !x.isAfter(now.plus(HORIZON))).orElse(null);
    }

    private static String when(Instant t) {
        return t == null ? "not within " + HORIZON.toDays() / 365 + " years" : "on " + Words.date(t);
    }

    private static String bare(Instant t) {
        return t == null ? "not within " + HORIZON.toDays() / 365 + " years" : Words.date(t);
    }

    static String value(double v, String unit) {
        return unit.equals("bytes") ? Words.size(v) : Words.number(v) + " " + unit;
    }

    private static String signed(double perDay, String unit) {
        return (perDay < 0 ? "-" : "") + value(Math.abs(perDay), unit);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
