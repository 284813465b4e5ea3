package dev.prodguard.roles;

import dev.prodguard.config.MongoTarget;
import dev.prodguard.roles.RolePlan.PlannedUser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Atlas CLI and Admin API steps equivalent to a plan: Atlas rejects createUser and createRole
 * over the wire, so users are managed through its control plane. Passwords are never put on the
 * command line: {@code atlas dbusers create} prompts for one when {@code --password} is omitted.
 */
public final class AtlasSteps {
    private AtlasSteps() {}

    /** True when every host of the target is an Atlas host ({@code *.mongodb.net}). */
    public static boolean isAtlas(MongoTarget target) {
        return !target.hostNames().isEmpty() && target.hostNames().stream().allMatch(h -> h.endsWith(".mongodb.net"));
    }

    /** The shell commands that create the plan's custom role and users. */
    public static List<String> create(RolePlan plan) {
        List<String> out = new ArrayList<>();
        String db = plan.database();
        out.add("atlas customDbRoles create " + plan.appRole().name() + " --privilege "
                + plan.appRole().actions().stream().map(a -> Privileges.atlasName(a) + "@" + db)
                        .collect(Collectors.joining(",")));
        for (PlannedUser u : plan.users()) {
            out.add("atlas dbusers create --username " + u.name() + " --role "
                    + u.grants().stream().map(RolePlan.Grant::toString).collect(Collectors.joining(",")));
        }
        return out;
    }

    /** The Admin API equivalent, one line per request. */
    public static List<String> adminApi(RolePlan plan) {
        List<String> out = new ArrayList<>();
        out.add("POST /api/atlas/v2/groups/{groupId}/customDBRoles/roles  {\"roleName\": \"" + plan.appRole().name()
                + "\", \"actions\": [" + plan.appRole().actions().stream()
                        .map(a -> "{\"action\": \"" + Privileges.atlasName(a) + "\", \"resources\": [{\"db\": \""
                                + plan.database() + "\", \"collection\": \"\"}]}")
                        .collect(Collectors.joining(", ")) + "]}");
        for (PlannedUser u : plan.users()) {
            out.add("POST /api/atlas/v2/groups/{groupId}/databaseUsers  {\"databaseName\": \"admin\", \"username\": \""
                    + u.name() + "\", \"password\": \"<from the password file>\", \"roles\": ["
                    + u.grants().stream().map(g -> "{\"roleName\": \"" + g.role() + "\", \"databaseName\": \"" + g.db() + "\"}")
                            .collect(Collectors.joining(", ")) + "]}");
        }
        return out;
    }

    /** The command that sets a new password for an existing Atlas user, reading it from the password file. */
    public static String rotate(String user, String passwordFile) {
        if (passwordFile == null) {
            return "atlas dbusers update " + user + " --password '<the new password shown above>'"
                    + "   (or Atlas UI: Database Access > Edit > Edit Password)";
        }
        return "atlas dbusers update " + user + " --password \"$(sed -n 's/^" + user + "=//p' " + passwordFile + ")\"";
    }
}
