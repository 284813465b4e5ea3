package dev.prodguard.demo;

import com.mongodb.client.MongoClient;
import dev.prodguard.cli.CliContext;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.connect.Clients;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.verify.Invariant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard demo books}: the books-balance invariant on the running demo's exchange. */
@Command(name = "books", mixinStandardHelpOptions = true,
        description = {
            "Check that the running demo's books balance.",
            "It checks the invariants in the demo folder's prodguard.yml and, per asset, that wallets "
                    + "total the ledger and fees equal fee revenue. It only reads.",
            "Exit codes: 0 when they balance, 1 when they do not (or the exchange is empty), 7 when "
                    + "no demo runs from PRODGUARD_DEMO_DIR."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard demo books",
            "  prodguard demo books && echo 'the books balance'"})
public final class DemoBooksCommand implements Callable<Integer> {
    /** How long the running demo's traffic gets to finish its current transfer before the books are read. */
    private static final Duration HOLD_WAIT = Duration.ofSeconds(5);

    @ParentCommand
    DemoCommand demo;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = demo.root.ctx();
        Path dir = DemoCommand.folder(ctx);
        DemoState s = DemoState.readRunning(dir);
        // the demo folder's own configuration, not the user's environment
        CliContext demoCtx = new CliContext(Map.of(), dir, ctx.home(), ctx.out(), ctx.err(), ctx.clock(), false);
        var invariants = Invariant.parse(demoCtx.settings().section("invariants"));
        try (MongoClient client = Clients.create(MongoTarget.parse(s.mongoUri(), DemoState.FILE_NAME), 3000)) {
            // without transactions a transfer is several writes: read while the traffic holds between transfers
            DemoBooks.Report r;
            try {
                r = DemoTraffic.whileHeld(dir, HOLD_WAIT, () -> DemoBooks.check(client.getDatabase(s.db()), invariants));
            } catch (IOException e) {
                throw new ProdguardException(ErrorCode.STORAGE, "cannot talk to the running demo through " + dir + ": "
                        + e.getMessage());
            }
            ctx.println("books of " + s.db() + " at " + s.mongoUri() + ":");
            r.lines().forEach(ctx::println);
            ctx.println(r.ok() ? "books balance" : "books do NOT balance");
            return r.ok() ? 0 : ErrorCode.CHECK_FAILED.exitCode();
        }
    }
}
