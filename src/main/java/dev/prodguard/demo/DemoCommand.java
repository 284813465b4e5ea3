package dev.prodguard.demo;

import dev.prodguard.cli.CliContext;
import dev.prodguard.cli.Main;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard demo}: the whole guardian story on an embedded database, in about a minute. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        subcommands = {DemoWipeCommand.class, DemoBooksCommand.class, DemoStopCommand.class},
        description = {
            "Show prodguard undo a wipe on a throwaway exchange, start to finish.",
            "It seeds an exchange on an embedded throwaway database, runs live traffic and the "
                    + "guardian against it, wipes the database, shows the wipe alert, restores to just before "
                    + "the drop and proves the books balance.",
            "--keep leaves it all running for `demo wipe`, `restore` and `demo books` from a second "
                    + "terminal.",
            "It never touches MONGO_URL, only its own database. Its files live in PRODGUARD_DEMO_DIR "
                    + "(default prodguard-demo)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard demo",
            "  prodguard demo --keep",
            "  prodguard demo wipe"})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--users", defaultValue = "100", description = "Users in the seeded exchange. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--data", description = "Keep the demo database in this H2 file instead of memory (slower to seed).")
    Path data;

    @Option(names = "--keep", description = "Keep the exchange, its traffic and the guardian running (Ctrl-C or"
            + " `prodguard demo stop` stops them).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        if (users < 2 || users > 1_000_000) {
            throw ProdguardException.usage("--users " + users + " is out of range; use 2 to 1000000");
        }
        Path dir = folder(ctx);
        Path dataFile = data == null ? null : ctx.workDir().resolve(data);
        if (keep) {
            return new DemoKeep(ctx, dir, users, dataFile).run();
        }
        DemoStory.Outcome outcome = new DemoStory(ctx, dir, users, dataFile).run();
        return outcome.ok() ? 0 : ErrorCode.CHECK_FAILED.exitCode();
    }

    /** The demo folder: PRODGUARD_DEMO_DIR (relative to the working directory), default prodguard-demo. */
    static Path folder(CliContext ctx) {
        String folder = ctx.env().getOrDefault(ConfigKey.DEMO_DIR.envName(), ConfigKey.DEMO_DIR.defaultValue());
        if (folder.isBlank()) {
            throw ProdguardException.config("PRODGUARD_DEMO_DIR is empty; set it to a folder for the demo's files or unset it");
        }
        return ctx.workDir().resolve(folder).toAbsolutePath().normalize();
    }
}
