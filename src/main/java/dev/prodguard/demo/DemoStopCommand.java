package dev.prodguard.demo;

import dev.prodguard.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard demo stop}: stop the demo started with {@code demo --keep}, cleanly. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {
            "Stop the demo running from PRODGUARD_DEMO_DIR cleanly.",
            "The demo must have been started with `prodguard demo --keep`; it exits 7 (refused) when "
                    + "no demo runs there."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard demo stop",
            "  PRODGUARD_DEMO_DIR=/tmp/demo prodguard demo stop"})
public final class DemoStopCommand implements Callable<Integer> {
    @ParentCommand
    DemoCommand demo;

    @Override
    public Integer call() {
        CliContext ctx = demo.root.ctx();
        DemoState s = DemoControl.stop(DemoCommand.folder(ctx));
        ctx.println("the demo (process " + s.pid() + ") stopped");
        return 0;
    }
}
