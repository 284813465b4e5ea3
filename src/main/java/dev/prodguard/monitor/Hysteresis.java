package dev.prodguard.monitor;

/**
 * Raise-and-clear with a dead band, so a value hovering at a threshold does not flap: raised once
 * the value reaches {@code raiseAt}; cleared only after {@code clearAfter} consecutive values
 * below {@code clearBelow} (which is at or under {@code raiseAt}).
 */
final class Hysteresis {
    /** What one value did to the state. */
    enum Change {
        RAISED,
        STILL_RAISED,
        CLEARED,
        STILL_CLEAR;

        boolean raised() {
            return this == RAISED || this == STILL_RAISED;
        }
    }

    private final double raiseAt;
    private final double clearBelow;
    private final int clearAfter;
    private boolean raised;
    private int clean;

    Hysteresis(double raiseAt, double clearBelow, int clearAfter, boolean initiallyRaised) {
        if (clearBelow > raiseAt || clearAfter < 1) {
            throw new IllegalArgumentException("clearBelow must be <= raiseAt and clearAfter >= 1");
        }
        this.raiseAt = raiseAt;
        this.clearBelow = clearBelow;
        this.clearAfter = clearAfter;
        this.raised = initiallyRaised;
    }

    Change update(double value) {
        if (!raised) {
            if (value >= raiseAt) {
                raised = true;
                clean = 0;
                return Change.RAISED;
            }
            return Change.STILL_CLEAR;
        }
        if (value < clearBelow) {
            clean++;
            if (clean >= clearAfter) {
                raised = false;
                clean = 0;
                return Change.CLEARED;
            }
        } else {
            clean = 0;
        }
        return Change.STILL_RAISED;
    }
}
