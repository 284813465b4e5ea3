package dev.prodguard.restore;

/**
 * A span of time that can be restored: {@code kind} "snapshot" (a single instant, from == to, the
 * snapshot's finish time) or, once change capture exists, "capture" (every second from..to) or
 * "gap" (history lost between from and to; not restorable).
 */
public record RestoreWindow(String kind, String from, String to, String snapshotId, String db) {}
