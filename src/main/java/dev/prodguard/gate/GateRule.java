package dev.prodguard.gate;

import java.util.List;

/** One rule of the environment fence: looks at the facts and returns what it finds wrong (empty: passes). */
public interface GateRule {
    /** The violations this rule finds in {@code facts}; an empty list when the rule passes. */
    List<Violation> check(GateFacts facts);
}
