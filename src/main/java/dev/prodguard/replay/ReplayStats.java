package dev.prodguard.replay;

/**
 * What a replay did: events applied, events skipped (not mapped, nothing to do, or not replayable),
 * and conflicts (the target's state did not admit the change; a later event brings it back in line).
 */
public record ReplayStats(long applied, long skipped, long conflicts) {
    public static final ReplayStats NONE = new ReplayStats(0, 0, 0);

    /** The sum of two stats. */
    public ReplayStats plus(ReplayStats o) {
        return new ReplayStats(applied + o.applied, skipped + o.skipped, conflicts + o.conflicts);
    }
}
