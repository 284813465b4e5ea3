package dev.prodguard.report;

import java.time.Instant;
import java.util.List;

/**
 * What the capacity advisor concluded: per limit of the current tier, when the observed growth reaches it, and
 * the tier to move to with its monthly cost.
 *
 * @param tier the current tier's name, null when {@code PRODGUARD_TIER} is unset
 * @param tierSource where the current tier's numbers came from (or what to set)
 * @param limits one entry per limit (storage, connections, operations per second)
 * @param recommendation the tier that holds the next 12 months of growth, null when nothing can be said
 * @param tiers the table the advisor chose from, cheapest first
 */
public record CapacityAdvice(String tier, String tierSource, List<Limit> limits, Recommendation recommendation,
        List<Tier> tiers) {

    /** How a limit's history reads. */
    public enum Verdict {
        /** No sample of this metric was ever taken (the server cannot tell, or the guardian never ran). */
        NO_HISTORY,
        /** Too few points or too short a span for a fit. */
        NOT_ENOUGH_HISTORY,
        /** The fitted level is at or over the limit now. */
        REACHED,
        /** Growing: the whole 90 % interval of the slope is above zero. */
        GROWING,
        /** No clear trend: the slope's interval includes zero; only an earliest date is given. */
        UNCLEAR,
        /** Flat or shrinking: the slope's interval is at or below zero; no date. */
        NOT_GROWING,
        /** The current tier does not cap this (or no tier is set). */
        NO_LIMIT
    }

    /**
     * One limit.
     *
     * @param what storage, connections or operations per second
     * @param unit bytes, connections or operations/s
     * @param limit the current tier's limit (0: none)
     * @param source where the history came from (metric and window)
     * @param points the points the fit used
     * @param now the fitted level now (the last value when there is no fit)
     * @param perDay median growth per day; {@code lowPerDay}/{@code highPerDay} its 90 % interval
     * @param expected when the median growth reaches the limit; {@code earliest}/{@code latest} the interval's dates
     * @param sentence what a person reads
     */
    public record Limit(String what, String unit, double limit, String source, Verdict verdict, int points, Double now,
            Double perDay, Double lowPerDay, Double highPerDay, Instant expected, Instant earliest, Instant latest,
            String sentence) {}

    /** The tier to be on for the next 12 months of growth, its cost and why. */
    public record Recommendation(String tier, double monthlyUsd, boolean change, String sentence, String source) {}
}
