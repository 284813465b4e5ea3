package dev.prodguard.demo;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertText;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.cli.CliContext;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import dev.prodguard.text.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard demo wipe}: drop the running demo's database the way a preview reset does. */
@Command(name = "wipe", mixinStandardHelpOptions = true,
        description = {
            "Drop the running demo's database the way a preview reset does, then wait for the wipe "
                    + "alert.",
            "The demo must have been started with `prodguard demo --keep`. It only ever touches the "
                    + "demo's own embedded database, never MONGO_URL.",
            "It exits 7 (refused) when no demo runs from PRODGUARD_DEMO_DIR or its database is not "
                    + "the demo's."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard demo wipe",
            "  PRODGUARD_DEMO_DIR=/tmp/demo prodguard demo wipe"})
public final class DemoWipeCommand implements Callable<Integer> {
    @ParentCommand
    DemoCommand demo;

    @Override
    public Integer call() {
        CliContext ctx = demo.root.ctx();
        DemoWipe.Result r = DemoWipe.run(DemoCommand.folder(ctx));
        ctx.println("traffic paused after " + r.transfersBefore() + " transfer(s); dropped " + r.demo().db() + " at "
                + r.demo().mongoUri() + " (" + r.dropped().size() + " collections: " + String.join(", ", r.dropped()) + ")");
        try (SqliteAlertStore store = SqliteAlertStore.open(r.demo().stateDir())) {
            Optional<Alert> a = DemoWipe.awaitAlert(DemoWipe.historyOf(store), r.at(), Duration.ofSeconds(15));
            if (a.isPresent()) {
                ctx.println(String.format(java.util.Locale.ROOT, "guardian: %s (%s after the drop)", a.get().title(),
                        Durations.human(Duration.between(r.at(), a.get().openedAt()))));
                a.get().details().forEach((k, v) -> ctx.println("  " + k + ": " + AlertText.value(v)));
            } else {
                ctx.warn("no wipe alert from the guardian within 15 s; look at the demo's terminal");
            }
        }
        CliContext demoCtx = new CliContext(java.util.Map.of(), DemoCommand.folder(ctx), ctx.home(), ctx.out(), ctx.err(),
                ctx.clock(), false);
        try (Repository repo = RepositoryFactory.open(demoCtx.settings())) {
            ProdguardException notYet = DemoWipe.awaitRestorable(repo, r.demo().db(), Duration.ofSeconds(15));
            if (notYet == null) {
                ctx.println("capture has committed past the drop: the instant just before it is restorable");
            } else {
                ctx.warn("capture does not cover the drop yet (" + notYet.getMessage() + "); wait a few seconds before restoring");
            }
        }
        ctx.println("Restore it with the restore command the demo printed (restore --to before-last-drop --force),"
                + " then run ./prodguard demo books");
        return 0;
    }
}
