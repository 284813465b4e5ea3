package dev.prodguard.cli;

import dev.prodguard.roles.DeploymentEnv;
import dev.prodguard.roles.RolePlan;
import dev.prodguard.roles.RolePlanner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard roles}: least-privilege users per environment (plan, apply, rotate, ages). */
@Command(name = "roles", mixinStandardHelpOptions = true,
        description = {
            "Set up least-privilege database users and track their password ages.",
            "An application user that cannot drop, a read-only analytics user and a break-glass "
                    + "admin, separate for production and preview; strong passwords shown once; 90-day rotation "
                    + "tracking."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard roles plan",
            "  prodguard roles apply --out passwords.txt",
            "  prodguard roles rotate app_user"},
        subcommands = {RolesPlanCommand.class, RolesApplyCommand.class, RolesRotateCommand.class, RolesAgesCommand.class})
public final class RolesCommand implements Runnable {
    @ParentCommand
    Main root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: plan, apply, rotate or ages");
    }

    CliContext ctx() {
        return root.ctx();
    }

    /** The plan for --env, or for the configured PRODUCTION flag when --env is absent. */
    RolePlan plan(DeploymentEnv env) {
        CliContext ctx = ctx();
        boolean production = ctx.settings().production();
        DeploymentEnv chosen = env != null ? env : production ? DeploymentEnv.PRODUCTION : DeploymentEnv.PREVIEW;
        if (env != null && (env == DeploymentEnv.PRODUCTION) != production) {
            ctx.warn("--env " + env.id() + " but PRODUCTION=" + production + " here; DB_NAME and MONGO_URL are this"
                    + " environment's, so check that you meant to plan " + env.id() + " users for " + ctx.settings().dbName());
        }
        return RolePlanner.plan(ctx.settings().dbName(), chosen);
    }
}
