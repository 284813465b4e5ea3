package dev.prodguard.roles;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.roles.RolePlan.CustomRole;
import dev.prodguard.roles.RolePlan.PlannedUser;
import java.util.List;
import org.bson.Document;

/**
 * User management over the wire on servers that support it (MongoDB's createRole, createUser,
 * updateUser, usersInfo, rolesInfo commands), run against the admin database. Probes first and
 * says NOT_SUPPORTED when the server has no such commands (the embedded server, some proxies).
 */
public final class ServerUserAdmin {
    /** MongoDB's error code for an unknown command. */
    static final int COMMAND_NOT_FOUND = 59;
    static final int UNAUTHORIZED = 13;
    private final MongoDatabase admin;
    private final String server;

    /**
     * @param client a connected client
     * @param server the redacted target, for messages
     */
    public ServerUserAdmin(MongoClient client, String server) {
        this.admin = client.getDatabase(RolePlanner.AUTH_DB);
        this.server = server;
    }

    /** Checks that the server manages users. @throws ProdguardException NOT_SUPPORTED, CONNECTION */
    public void probe() {
        run(new Document("usersInfo", 1), "usersInfo");
        run(new Document("rolesInfo", 1), "rolesInfo");
    }

    /** Whether a user exists in the admin database. */
    public boolean userExists(String user) {
        Document r = run(new Document("usersInfo", new Document("user", user).append("db", RolePlanner.AUTH_DB)), "usersInfo");
        return !r.getList("users", Object.class, List.of()).isEmpty();
    }

    /** Whether a role exists in the admin database. */
    public boolean roleExists(String role) {
        Document r = run(new Document("rolesInfo", new Document("role", role).append("db", RolePlanner.AUTH_DB)), "rolesInfo");
        return !r.getList("roles", Object.class, List.of()).isEmpty();
    }

    /** Creates the role, or sets its privileges to exactly the plan's when it exists. */
    public void createOrUpdateRole(CustomRole role, boolean exists) {
        run(exists ? updateRoleCommand(role) : createRoleCommand(role), exists ? "updateRole" : "createRole");
    }

    /** Creates a user with its password (SCRAM). */
    public void createUser(PlannedUser user, String password) {
        run(createUserCommand(user, password), "createUser");
    }

    /** Sets a new password for an existing user. */
    public void setPassword(String user, String password) {
        run(new Document("updateUser", user).append("pwd", password), "updateUser");
    }

    /** The createRole command: privileges on the whole application database, no inherited roles. */
    static Document createRoleCommand(CustomRole role) {
        return new Document("createRole", role.name()).append("privileges", privileges(role)).append("roles", List.of());
    }

    static Document updateRoleCommand(CustomRole role) {
        return new Document("updateRole", role.name()).append("privileges", privileges(role)).append("roles", List.of());
    }

    static Document createUserCommand(PlannedUser user, String password) {
        List<Document> roles = user.grants().stream()
                .map(g -> new Document("role", g.role()).append("db", g.db())).toList();
        return new Document("createUser", user.name()).append("pwd", password).append("roles", roles);
    }

    private static List<Document> privileges(CustomRole role) {
        return List.of(new Document("resource", new Document("db", role.resourceDb()).append("collection", ""))
                .append("actions", role.actions()));
    }

    private Document run(Document command, String name) {
        try {
            return admin.runCommand(command);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == COMMAND_NOT_FOUND || String.valueOf(e.getErrorMessage()).contains("no such command")) {
                throw new ProdguardException(ErrorCode.NOT_SUPPORTED, "this server (" + server + ") does not support user"
                        + " management ('" + name + "': no such command), so roles cannot be applied here. The embedded"
                        + " dev server has no users or authentication. Use 'prodguard roles plan' to review the plan, and"
                        + " apply it on a real MongoDB server or Atlas (prodguard prints the Atlas CLI steps there)", e);
            }
            if (e.getErrorCode() == UNAUTHORIZED) {
                throw new ProdguardException(ErrorCode.CONNECTION, "the user in MONGO_URL may not run '" + name + "' on "
                        + server + "; apply roles with an administrator (userAdminAnyDatabase or root)", e);
            }
            throw new ProdguardException(ErrorCode.CONNECTION, "'" + name + "' failed on " + server + ": "
                    + e.getErrorCodeName() + " (" + e.getErrorCode() + ")", e);
        } catch (MongoTimeoutException | MongoSecurityException e) {
            throw new ProdguardException(ErrorCode.CONNECTION, "cannot reach or log in to " + server + "; run"
                    + " 'prodguard doctor' for a diagnosis", e);
        } catch (MongoException e) {
            throw new ProdguardException(ErrorCode.CONNECTION, "'" + name + "' failed on " + server + ": "
                    + ConnectionProblem.describe(e), e);
        }
    }
}
