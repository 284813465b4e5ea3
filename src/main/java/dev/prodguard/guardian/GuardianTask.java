package dev.prodguard.guardian;

/**
 * A long-running part the guardian starts with itself and stops before its stores close (change
 * capture plugs in here). Implementations run on their own threads; both methods return promptly.
 */
public interface GuardianTask {
    /** The name shown in /health and the log ("capture"). */
    String name();

    /** Starts the task; throws ProdguardException when it cannot start at all. */
    void start();

    /** Starts the task with the guardian's repository, client, alerts and clock at hand (default: {@link #start()}). */
    default void start(Guardian guardian) {
        start();
    }

    /**
     * True while this task takes the first snapshot itself (capture does, so that the snapshot overlaps
     * captured history); the guardian then does not take its own, and takes it only if this turns false.
     */
    default boolean takesFirstSnapshot() {
        return false;
    }

    /** Structured state for /health (capture: path, last commit, lag); empty by default. */
    default java.util.Map<String, Object> details() {
        return java.util.Map.of();
    }

    /** One line for /health: "running", "lagging 12 s", "stopped: ...". Never blocks. */
    String state();

    /** True when the task is doing its job (false turns /health to "degraded"). */
    boolean healthy();

    /** Stops the task, committing what it holds; waits at most a few seconds. */
    void stop();
}
