package dev.prodguard.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * One sampler as {@code /health} and the dashboard show it: its capability on this server, when it
 * last sampled and the values it got (server-wide metrics), and its last error, if the latest
 * attempt failed (null otherwise).
 */
public record SamplerStatus(String name, Capability capability, Instant lastSampleAt, Map<String, Double> lastValues,
        String lastError, Instant lastErrorAt) {}
