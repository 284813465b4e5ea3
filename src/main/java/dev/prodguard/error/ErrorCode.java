package dev.prodguard.error;

/**
 * Every way prodguard can end, with the process exit code it maps to. The exit-code table in docs/configuration.md
 * is this enum; keep them identical.
 */
public enum ErrorCode {
    /** Everything asked for was done and every check passed. */
    OK(0, "success"),
    /** A check ran and found problems (doctor, gate, check, verify, scan). */
    CHECK_FAILED(1, "a check found problems"),
    /** Unknown command or flag, or a flag value of the wrong form. */
    USAGE(2, "usage error"),
    /** The configuration is invalid (MONGO_URL, DB_NAME, PRODUCTION, prodguard.yml, .env). */
    CONFIG(3, "invalid configuration"),
    /** The database could not be reached, or refused the credentials, during an operation. */
    CONNECTION(4, "database unreachable"),
    /** The backup repository is missing, damaged, or of a format this version cannot read. */
    REPOSITORY(5, "backup repository problem"),
    /** The repository key is missing or wrong. */
    KEY(6, "repository key missing or wrong"),
    /** A destructive operation was refused for safety; the message names the flag that allows it. */
    REFUSED(7, "refused for safety"),
    /** Another prodguard operation holds the lock on this repository or target. */
    LOCKED(8, "another operation is running"),
    /** The repository storage cannot be written (permissions, disk full). */
    STORAGE(9, "storage not writable"),
    /** The server lacks a capability the operation needs. */
    NOT_SUPPORTED(10, "not supported by this server"),
    /** A bug in prodguard; run again with --verbose and report it. */
    INTERNAL(70, "internal error"),
    /** Interrupted (Ctrl-C) before finishing; nothing half-done was committed. */
    INTERRUPTED(130, "interrupted");

    private final int exitCode;
    private final String meaning;

    ErrorCode(int exitCode, String meaning) {
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public int exitCode() {
        return exitCode;
    }

    public String meaning() {
        return meaning;
    }
}
