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

    /** One line for /health: "running", "lagging 12 s", "stopped: ...". Never blocks. */
    String state();

    /** True when the task is doing its job (false turns /health to "degraded"). */
    boolean healthy();

    /** Stops the task, committing what it holds; waits at most a few seconds. */
    void stop();
}
