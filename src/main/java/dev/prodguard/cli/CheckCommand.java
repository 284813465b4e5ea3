package dev.prodguard.cli;

import dev.prodguard.checklist.CheckContext;
import dev.prodguard.checklist.Checklist;
import dev.prodguard.checklist.ChecklistJson;
import dev.prodguard.checklist.ChecklistReport;
import dev.prodguard.checklist.ChecklistText;
import dev.prodguard.checklist.Stage;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard check}: the guide's go-live checklists, item by item. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Run the deployment checklist, automated item by item.",
            "Before going live: the cluster is reachable (doctor), MONGO_URL comes from the "
                    + "environment, TLS is on, the gate passes, no credentials are in the source or its git "
                    + "history, .env is ignored, alerts reach you (a real test notification is sent), backups "
                    + "have a recent passing restore test, and passwords are young enough. After going live: "
                    + "the first transactions are recorded and restore tests are scheduled. What prodguard "
                    + "cannot see is listed as manual.",
            "Network items are bounded by PRODGUARD_CONNECT_TIMEOUT_MS.",
            "Exit codes: 0 when no item failed (manual items may remain), 1 when an item failed, 2 "
                    + "for bad usage, 3 for bad configuration."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard check --stage pre-live --source .",
            "  prodguard check --stage post-live",
            "  prodguard check --stage pre-live --json"})
public final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--stage", required = true, paramLabel = "pre-live|post-live", converter = StageConverter.class,
            description = "Which list: pre-live (before going live) or post-live (after going live).")
    Stage stage;

    @Option(names = "--source", paramLabel = "DIR",
            description = "The application's source directory (git work tree) to scan. Default: the current directory.")
    Path source;

    @Option(names = "--json", description = "Print one JSON object (stage, ok, counts, items) instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        Path dir = (source == null ? ctx.workDir() : ctx.workDir().resolve(source)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw ProdguardException.usage("--source " + dir + " is not a directory; pass the application's"
                    + " source directory");
        }
        Settings settings = ctx.settings();
        CheckContext context = new CheckContext(settings, dir, ctx.clock(), ctx.hostName(), () -> openRepository(settings));
        if (!json && stage == Stage.PRE_LIVE) {
            ctx.println("note: the alerts item sends a real test notification through every configured channel");
        }
        ChecklistReport report = Checklist.standard().run(stage, context);
        dev.prodguard.checklist.LastChecklist.save(settings.path(dev.prodguard.config.ConfigKey.STATE_DIR), report,
                ctx.clock().instant()); // the dashboard's checklist page
        if (json) {
            ctx.println(ChecklistJson.render(report));
        } else {
            boolean unicode = Charset.defaultCharset().newEncoder().canEncode("✓✗→");
            for (String line : new ChecklistText(unicode, root.verbose).lines(report)) {
                ctx.println(line);
            }
        }
        return report.exitCode().exitCode();
    }

    static Repository openRepository(Settings settings) {
        return RepositoryFactory.open(settings);
    }


    /** Parses pre-live / post-live. */
    static final class StageConverter implements ITypeConverter<Stage> {
        @Override
        public Stage convert(String value) {
            try {
                return Stage.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
