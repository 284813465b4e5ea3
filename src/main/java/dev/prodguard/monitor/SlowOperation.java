package dev.prodguard.monitor;

/**
 * One slow operation seen by the monitor: its type ({@code op}: query, update, command...),
 * namespace, how long it ran (or has been running) in milliseconds, and where it was seen.
 */
public record SlowOperation(String op, String ns, long millis, String source) {}
