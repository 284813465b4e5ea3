package dev.prodguard.monitor;

import java.time.Instant;

/**
 * One point of a metric's history: a raw sample ({@code count} 1) or, for data older than the raw
 * retention, an hourly roll-up (its start, average value, min, max and how many samples it holds).
 */
public record SeriesPoint(Instant at, double value, double min, double max, long count) {}
