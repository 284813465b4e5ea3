package dev.prodguard.cli;

import dev.prodguard.devdb.EmbeddedMongo;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard dev-db}: a throwaway MongoDB-compatible server for development and demos. */
@Command(name = "dev-db", mixinStandardHelpOptions = true,
        description = {
            "Start the embedded MongoDB-compatible server on 127.0.0.1 and print its URI.",
            "It is a throwaway database for development and demos, never for production data."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard dev-db",
            "  prodguard dev-db --port 0 --data dev.h2"})
public final class DevDbCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--port", defaultValue = "27017", description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data", description = "Keep data in this file (H2) instead of memory.")
    Path data;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        if (port < 0 || port > 65535) {
            throw dev.prodguard.error.ProdguardException.usage("--port " + port + " is out of range; use 0 to 65535");
        }
        Path file = data == null ? null : ctx.workDir().resolve(data);
        EmbeddedMongo db;
        try {
            db = EmbeddedMongo.start(port, file);
        } catch (RuntimeException e) {
            Throwable c = e;
            while (c.getCause() != null) {
                c = c.getCause();
            }
            throw new dev.prodguard.error.ProdguardException(dev.prodguard.error.ErrorCode.USAGE,
                    "cannot start the embedded database on 127.0.0.1:" + port + ": " + c.getMessage()
                            + (port != 0 ? "; try --port 0 for any free port" : ""));
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            db.close();
            stop.countDown();
        }, "dev-db-shutdown"));
        ctx.println("prodguard dev-db: THROWAWAY database for development and demos. NEVER put production data here.");
        ctx.println("  storage: " + (file == null ? "memory (gone when this process stops)" : file + " (H2 file; may lose recent writes on a crash)"));
        ctx.println("  MONGO_URL=" + db.uri());
        ctx.println("Press Ctrl-C to stop.");
        stop.await();
        return 0;
    }
}
