package dev.prodguard.roles;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.roles.RolePlan.CustomRole;
import dev.prodguard.roles.RolePlan.Grant;
import dev.prodguard.roles.RolePlan.Kind;
import dev.prodguard.roles.RolePlan.PlannedUser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Builds the least-privilege {@link RolePlan} for a database and environment; a pure function. */
public final class RolePlanner {
    /** The admin database where users and the custom role live (as on Atlas). */
    public static final String AUTH_DB = "admin";
    private static final Pattern ENV_SUFFIX = Pattern.compile("(?i)[_-](production|prod|preview|staging|dev|development|test)$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,50}");

    private RolePlanner() {}

    /** The plan for {@code database} in {@code env}. @throws ProdguardException CONFIG for an unusable name */
    public static RolePlan plan(String database, DeploymentEnv env) {
        String base = ENV_SUFFIX.matcher(database).replaceFirst("");
        if (!NAME.matcher(base).matches()) {
            throw ProdguardException.config("DB_NAME '" + database + "' cannot be used in user names; use letters,"
                    + " digits, '_' or '-' (at most 50)");
        }
        String e = env.id();
        CustomRole app = new CustomRole("prodguard_app_" + e, database, Privileges.APP_ACTIONS,
                new ArrayList<>(Privileges.WITHHELD.keySet()));
        List<PlannedUser> users = List.of(
                new PlannedUser(base + "_app_" + e, Kind.APPLICATION, List.of(new Grant(app.name(), AUTH_DB)),
                        "the application's MONGO_URL user: read and write documents, create indexes; cannot drop"
                                + " or rename collections or the database"),
                new PlannedUser(base + "_analytics_" + e, Kind.ANALYTICS, List.of(new Grant("read", database)),
                        "read-only user for analytics and reporting (the guide's 'Read Only' user)"),
                new PlannedUser(base + "_breakglass_" + e, Kind.BREAK_GLASS,
                        List.of(new Grant("dbAdmin", database), new Grant("readWrite", database)),
                        "emergency admin: keep the password offline (password manager or sealed envelope),"
                                + " never in the app's environment; use only in an incident, then rotate it"));
        return new RolePlan(env, database, app, users);
    }
}
