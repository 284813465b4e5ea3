package dev.prodguard.cli;

import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.report.Period;
import dev.prodguard.report.Report;
import dev.prodguard.report.ReportFiles;
import dev.prodguard.report.ReportHtml;
import dev.prodguard.report.ReportJson;
import dev.prodguard.report.ReportService;
import dev.prodguard.repo.Repository;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard report}: the weekly, monthly or quarterly maintenance report as one HTML file or JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Write the weekly, monthly or quarterly maintenance report as one HTML or JSON file.",
            "It covers size and growth, slow operations, connections, index review, unused collections, users and "
                    + "password age, backup health, the capacity and cost advisor and the weekly transfer, from the "
                    + "guardian's monitoring history, the server and the repository. Without --out it goes to the "
                    + "reports folder in PRODGUARD_STATE_DIR."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard report",
            "  prodguard report --period monthly --out report.html",
            "  prodguard report --period quarterly --format json --out -"})
public final class ReportCommand implements Callable<Integer> {
    /** The formats. */
    enum Format { html, json }

    @ParentCommand
    Main root;

    @Option(names = "--period", defaultValue = "weekly", paramLabel = "<weekly|monthly|quarterly>",
            description = "Which report (the window it covers: 7, 30 or 91 days). Default: ${DEFAULT-VALUE}.")
    Period period;

    @Option(names = "--format", defaultValue = "html", paramLabel = "<html|json>",
            description = "One self-contained HTML file, or JSON with the same content. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write it ('-': standard output). Default: a new file named after the period and the "
                    + "time in the reports folder of PRODGUARD_STATE_DIR.")
    String out;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Path stateDir = ctx.settings().path(ConfigKey.STATE_DIR);
        String db = ctx.settings().dbName(); // CONFIG before anything is opened
        Report r;
        try (SampleStore samples = SampleStore.open(stateDir); Repository repo = repository(ctx);
                MongoClient client = ctx.settings().get(ConfigKey.MONGO_URL).isPresent() ? RepoAccess.client(ctx) : null) {
            r = new ReportService(ctx.settings(), samples, repo, client, ctx.clock()).build(period);
        }
        String text = format == Format.html ? ReportHtml.render(r) : ReportJson.text(r);
        if ("-".equals(out)) {
            ctx.out().print(text);
            ctx.out().flush();
            return ErrorCode.OK.exitCode();
        }
        Path file = out != null ? ctx.workDir().resolve(out).normalize()
                : ReportFiles.dir(stateDir).resolve(ReportFiles.baseName(r.period(), r.generatedAt()) + "." + format);
        ReportFiles.write(file, text);
        ctx.println(r.period() + " report of " + db + " (" + r.from().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " to " + r.to().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ") written to " + file);
        if (r.capacity().recommendation() != null) {
            ctx.println("capacity: " + r.capacity().recommendation().sentence());
        }
        if (r.transfer().warning()) {
            ctx.warn("transfer: " + r.transfer().sentence());
        }
        return ErrorCode.OK.exitCode();
    }

    /** The repository when one exists at PRODGUARD_REPO; without one the report's backup sections say so. */
    private static Repository repository(CliContext ctx) {
        try {
            return RepoAccess.repository(ctx, false);
        } catch (ProdguardException e) {
            if (e.code() == ErrorCode.REPOSITORY) {
                return null;
            }
            throw e;
        }
    }
}
