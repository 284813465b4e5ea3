package dev.prodguard.restore;

import java.util.List;

/**
 * What the user asked to restore into: the target database (null: the planner's default name),
 * namespace patterns to include (empty: all) and exclude, and whether a non-empty target may be
 * overwritten (after a safety snapshot).
 */
public record RestoreRequest(String targetDb, List<String> include, List<String> exclude, boolean force) {
    public RestoreRequest {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Everything, into the default new database, without force. */
    public static RestoreRequest defaults() {
        return new RestoreRequest(null, List.of(), List.of(), false);
    }

    public RestoreRequest withTargetDb(String db) {
        return new RestoreRequest(db, include, exclude, force);
    }

    public RestoreRequest withForce(boolean f) {
        return new RestoreRequest(targetDb, include, exclude, f);
    }
}
