package dev.prodguard.cli;

import dev.prodguard.roles.PasswordGenerator;
import dev.prodguard.roles.PasswordHandout;
import dev.prodguard.roles.RolesApplier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard roles rotate USER}: a new password for a user, and its age reset. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {
            "Give USER a new generated password and reset its password age.",
            "It uses updateUser; for Atlas it prints the Atlas CLI step. The password is shown once "
                    + "on a terminal or written to --out FILE."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard roles rotate app_user",
            "  prodguard roles rotate analytics_user --out new-password.txt"})
public final class RolesRotateCommand implements Callable<Integer> {
    @ParentCommand
    RolesCommand parent;

    @Parameters(index = "0", paramLabel = "USER", description = "The database user (in the admin database).")
    String user;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the new password to this new file (mode 0600; never overwritten).")
    Path out;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx();
        if (!user.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw dev.prodguard.error.ProdguardException.usage("'" + user + "' is not a database user name"
                    + " (letters, digits, '_', '-', '.', '@')");
        }
        var handout = new PasswordHandout(out == null ? null : ctx.workDir().resolve(out), ctx.interactive());
        new RolesApplier(ctx.settings(), ctx.clock(), new PasswordGenerator(), ctx::println, ctx.out()).rotate(user, handout);
        return 0;
    }
}
