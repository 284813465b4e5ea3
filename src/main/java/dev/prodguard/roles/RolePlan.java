package dev.prodguard.roles;

import java.util.List;

/**
 * The least-privilege plan for one environment: the application's custom role and the three users.
 * Pure data; {@link RolePlanner} builds it, {@link PlanPrinter}, {@link ServerUserAdmin} and
 * {@link AtlasSteps} consume it. Holds no password.
 *
 * @param env the environment the users belong to
 * @param database the application database (DB_NAME)
 * @param appRole the custom role of the application user
 * @param users application, analytics and break-glass users, in that order
 */
public record RolePlan(DeploymentEnv env, String database, CustomRole appRole, List<PlannedUser> users) {

    /** A custom role defined in the admin database with privileges on one database. */
    public record CustomRole(String name, String resourceDb, List<String> actions, List<String> withheld) {}

    /** A role granted to a user: built-in ({@code read}, {@code dbAdmin}) or custom (defined in admin). */
    public record Grant(String role, String db) {
        @Override
        public String toString() {
            return role + "@" + db;
        }
    }

    /** What a user is for. */
    public enum Kind { APPLICATION, ANALYTICS, BREAK_GLASS }

    /** A database user to create, authenticated against {@code admin} (as Atlas does). */
    public record PlannedUser(String name, Kind kind, List<Grant> grants, String purpose) {}

    /** The planned user with this name, or null. */
    public PlannedUser user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst().orElse(null);
    }
}
