package dev.prodguard.doctor;

/** The outcome of one layer or one item of the diagnosis. */
public enum Status {
    /** The check ran and passed. */
    PASS,
    /** The check ran and found a problem. */
    FAIL,
    /** The check did not run because an earlier layer failed. */
    SKIPPED,
    /** The check does not apply here, or this server cannot tell (e.g. it lacks the command). */
    NOT_CHECKED;

    /** The lower-case name used in JSON output ("pass", "fail", "skipped", "not_checked"). */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
