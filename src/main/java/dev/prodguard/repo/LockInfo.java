package dev.prodguard.repo;

import java.time.Instant;

/** Who holds an operation lock right now, for status and the dashboard. */
public record LockInfo(String scope, String operation, String host, long pid, Instant started, Instant heartbeat) {}
