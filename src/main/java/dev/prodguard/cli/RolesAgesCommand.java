package dev.prodguard.cli;

import dev.prodguard.roles.PasswordAges;
import dev.prodguard.text.Instants;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard roles ages}: how old each recorded password is; exit 1 when one is past 90 days. */
@Command(name = "ages", mixinStandardHelpOptions = true,
        description = {
            "List the recorded database users and the age of their passwords.",
            "Exits 1 when a password is older than the 90-day rotation period."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard roles ages",
            "  prodguard roles ages && echo 'no password is due'"})
public final class RolesAgesCommand implements Callable<Integer> {
    @ParentCommand
    RolesCommand parent;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx();
        List<PasswordAges.UserAge> all = PasswordAges.of(ctx.settings(), ctx.clock()).all();
        if (all.isEmpty()) {
            ctx.println("no passwords recorded yet; 'prodguard roles apply' or 'roles rotate USER' records them");
            return 0;
        }
        for (PasswordAges.UserAge a : all) {
            ctx.println((a.overdue() ? "✗ " : "✓ ") + a.user() + "  password set " + Instants.human(a.passwordSetAt()) + " (" + a.days()
                    + " days ago)" + (a.overdue() ? ": older than " + PasswordAges.ROTATION_PERIOD.toDays()
                    + " days, run 'prodguard roles rotate " + a.user() + "'" : ""));
        }
        return all.stream().anyMatch(PasswordAges.UserAge::overdue) ? 1 : 0;
    }
}
