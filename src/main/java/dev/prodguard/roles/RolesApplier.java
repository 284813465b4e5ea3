package dev.prodguard.roles;

import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.Clients;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.roles.RolePlan.PlannedUser;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out a {@link RolePlan} or a password rotation: over the wire where the server manages
 * users, as printed Atlas steps for Atlas, and NOT_SUPPORTED elsewhere. Passwords are handed out
 * (file or terminal) before any server change, so a failure never loses one, and every password set
 * is recorded in {@link PasswordAges}.
 */
public final class RolesApplier {
    private final Settings settings;
    private final PasswordAges ages;
    private final Clock clock;
    private final PasswordGenerator generator;
    private final Consumer<String> say;
    private final PrintStream terminal;

    /**
     * @param say prints a line of output (scrubbed)
     * @param terminal raw stdout, used only to show passwords on an interactive terminal
     */
    public RolesApplier(Settings settings, Clock clock, PasswordGenerator generator, Consumer<String> say, PrintStream terminal) {
        this.settings = settings;
        this.clock = clock;
        this.ages = PasswordAges.of(settings, clock);
        this.generator = generator;
        this.say = say;
        this.terminal = terminal;
    }

    /** Creates the plan's role and users; existing users are left unchanged. */
    public void apply(RolePlan plan, PasswordHandout handout) {
        MongoTarget target = settings.mongo();
        if (AtlasSteps.isAtlas(target)) {
            applyOnAtlas(plan, handout, target);
            return;
        }
        try (MongoClient client = Clients.create(target, settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS))) {
            ServerUserAdmin server = new ServerUserAdmin(client, target.redacted());
            server.probe();
            handout.checkPossible();
            Map<String, String> passwords = new LinkedHashMap<>();
            for (PlannedUser u : plan.users()) {
                if (server.userExists(u.name())) {
                    say.accept("= user " + u.name() + " exists: left unchanged (new password: prodguard roles rotate " + u.name() + ")");
                } else {
                    passwords.put(u.name(), newPassword());
                }
            }
            if (!passwords.isEmpty()) {
                handout.deliver(passwords, "users for " + plan.env().id() + " on " + target.redacted(), clock.instant(), terminal);
            }
            boolean roleExists = server.roleExists(plan.appRole().name());
            server.createOrUpdateRole(plan.appRole(), roleExists);
            say.accept((roleExists ? "~ role " : "+ role ") + plan.appRole().name() + (roleExists
                    ? " existed: privileges set to exactly the plan" : " created") + " (" + String.join(", ", plan.appRole().actions()) + ")");
            for (PlannedUser u : plan.users()) {
                String pw = passwords.get(u.name());
                if (pw != null) {
                    server.createUser(u, pw);
                    ages.recordPasswordSet(u.name(), plan.database());
                    say.accept("+ user " + u.name() + " created with roles " + u.grants());
                }
            }
            if (!passwords.isEmpty()) {
                say.accept("Passwords: " + handout.destination() + ". Put the app user's into MONGO_URL (the app's"
                        + " environment only); keep the break-glass password offline.");
            }
        }
    }

    private void applyOnAtlas(RolePlan plan, PasswordHandout handout, MongoTarget target) {
        handout.checkPossible();
        Map<String, String> passwords = new LinkedHashMap<>();
        plan.users().forEach(u -> passwords.put(u.name(), newPassword()));
        handout.deliver(passwords, "Atlas users for " + plan.env().id(), clock.instant(), terminal);
        say.accept("Atlas (" + target.redacted() + ") does not accept createUser or createRole over a connection;"
                + " nothing was changed. Run these with the Atlas CLI (after 'atlas auth login'; add --projectId ID):");
        AtlasSteps.create(plan).forEach(s -> say.accept("  " + s));
        say.accept("Each 'atlas dbusers create' prompts for the password: paste it from " + handout.destination()
                + " (never pass --password: it lands in your shell history).");
        say.accept("Or with the Atlas Admin API (HTTP digest or service-account token):");
        AtlasSteps.adminApi(plan).forEach(s -> say.accept("  " + s));
        for (PlannedUser u : plan.users()) {
            ages.recordPasswordSet(u.name(), plan.database());
        }
        say.accept("Password ages recorded as of now; if you create the users later, run 'prodguard roles rotate USER' then.");
    }

    /** Sets a new password for an existing user and resets its age. */
    public void rotate(String user, PasswordHandout handout) {
        MongoTarget target = settings.mongo();
        if (AtlasSteps.isAtlas(target)) {
            handout.checkPossible();
            handout.deliver(Map.of(user, newPassword()), "new password for " + user, clock.instant(), terminal);
            say.accept("Atlas: nothing was changed over the connection. Set the new password with:");
            say.accept("  " + AtlasSteps.rotate(user, handout.destination().startsWith("the terminal") ? null : handout.destination()));
            say.accept("then update MONGO_URL wherever this user is used.");
            ages.recordPasswordSet(user, databaseOrEmpty());
            return;
        }
        try (MongoClient client = Clients.create(target, settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS))) {
            ServerUserAdmin server = new ServerUserAdmin(client, target.redacted());
            server.probe();
            if (!server.userExists(user)) {
                throw ProdguardException.usage("no user '" + user + "' in the admin database of " + target.redacted()
                        + "; 'prodguard roles plan' lists the planned user names");
            }
            handout.checkPossible();
            String pw = newPassword();
            handout.deliver(Map.of(user, pw), "new password for " + user, clock.instant(), terminal);
            server.setPassword(user, pw);
            ages.recordPasswordSet(user, databaseOrEmpty());
            say.accept("~ password of " + user + " rotated (" + handout.destination() + "); update MONGO_URL wherever"
                    + " this user is used.");
        }
    }

    private String newPassword() {
        String pw = generator.next();
        Secrets.register(pw); // any accidental print (errors, logs) is masked
        return pw;
    }

    private String databaseOrEmpty() {
        try {
            return settings.dbName();
        } catch (ProdguardException e) {
            return "";
        }
    }

    /** The users of a plan, for callers listing names. */
    public static List<String> userNames(RolePlan plan) {
        return plan.users().stream().map(PlannedUser::name).toList();
    }
}
