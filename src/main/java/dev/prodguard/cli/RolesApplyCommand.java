package dev.prodguard.cli;

import dev.prodguard.roles.DeploymentEnv;
import dev.prodguard.roles.PasswordGenerator;
import dev.prodguard.roles.PasswordHandout;
import dev.prodguard.roles.RolesApplier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard roles apply}: creates the plan's role and users (or prints the Atlas steps). */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {
            "Create the planned role and users on the server in MONGO_URL.",
            "It uses createRole and createUser. For Atlas (*.mongodb.net) it prints the Atlas CLI and "
                    + "Admin API steps instead; it exits 10 on a server without user management. New passwords "
                    + "are shown once on a terminal or written to --out FILE."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard roles apply --out passwords.txt",
            "  prodguard roles apply --env preview"})
public final class RolesApplyCommand implements Callable<Integer> {
    @ParentCommand
    RolesCommand parent;

    @Option(names = "--env", paramLabel = "ENV", description = "production or preview. Default: from PRODUCTION.")
    DeploymentEnv env;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the new passwords to this new file (mode 0600; never overwritten).")
    Path out;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx();
        var plan = parent.plan(env);
        var handout = new PasswordHandout(out == null ? null : ctx.workDir().resolve(out), ctx.interactive());
        new RolesApplier(ctx.settings(), ctx.clock(), new PasswordGenerator(), ctx::println, ctx.out()).apply(plan, handout);
        return 0;
    }
}
