package dev.prodguard.cli;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.demo.DemoStory;
import dev.prodguard.error.ErrorCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard demo}: the whole story on an embedded database, in about a minute. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Seed an exchange on an embedded throwaway database, check it, back it up, wipe it,",
            "restore it and prove the books balance. Never touches MONGO_URL: only its own database."})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--users", defaultValue = "300", description = "Users in the seeded exchange. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--data", description = "Keep the demo database in this H2 file instead of memory (slower).")
    Path data;

    @Option(names = "--keep", description = "Keep the embedded database running afterwards (Ctrl-C stops it).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        if (users < 1 || users > 1_000_000) {
            throw dev.prodguard.error.ProdguardException.usage("--users " + users + " is out of range; use 1 to 1000000");
        }
        String folder = ctx.env().getOrDefault(ConfigKey.DEMO_DIR.envName(), ConfigKey.DEMO_DIR.defaultValue());
        Path dir = ctx.workDir().resolve(folder).normalize();
        DemoStory.Outcome outcome = new DemoStory(ctx, dir, users, data == null ? null : ctx.workDir().resolve(data)).run(keep);
        return outcome.ok() ? 0 : ErrorCode.CHECK_FAILED.exitCode();
    }
}
