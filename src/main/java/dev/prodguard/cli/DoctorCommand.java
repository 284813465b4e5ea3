package dev.prodguard.cli;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.DotEnv;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.config.Redactor;
import dev.prodguard.config.Settings;
import dev.prodguard.doctor.Doctor;
import dev.prodguard.doctor.Layer;
import dev.prodguard.doctor.LayerResult;
import dev.prodguard.doctor.RepositoryCheck;
import dev.prodguard.doctor.DoctorReport;
import dev.prodguard.doctor.Remedies;
import dev.prodguard.doctor.ReportJson;
import dev.prodguard.doctor.ReportText;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard doctor}: the guide's connection test plus a layered diagnosis of any failure. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Test the connection to MONGO_URL and the backup repository, layer by layer.",
            "It writes, reads and deletes a document in the prodguard_connection_test collection of "
                    + "DB_NAME, timing each step. It diagnoses layer by layer: URI syntax, DNS, TCP, TLS "
                    + "handshake, server handshake, authentication and privileges; then the backup repository "
                    + "(reachable, credentials, write, read and delete, conditional create, Object Lock, clock "
                    + "skew). Each failure comes with what to do.",
            "Waits are bounded by PRODGUARD_CONNECT_TIMEOUT_MS (default 3000).",
            "Exit codes: 0 when all checks passed, 1 when a check failed, 3 when the configuration "
                    + "stops everything."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard doctor",
            "  prodguard doctor --json"})
public final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--json", description = "Print one JSON object (layers, timings, remedy, ok) instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        DoctorReport report = diagnose(ctx);
        if (json) {
            ctx.println(ReportJson.render(report));
        } else {
            boolean unicode = Charset.defaultCharset().newEncoder().canEncode("✓✗→");
            for (String line : new ReportText(unicode, root.verbose).lines(report)) {
                ctx.println(line);
            }
        }
        report.firstFailure().ifPresent(failed -> ctx.error("error: doctor failed at " + failed.layer().title()
                + ": " + failed.summary()));
        return report.exitCode().exitCode();
    }

    private static DoctorReport diagnose(CliContext ctx) throws InterruptedException {
        int timeout = Integer.parseInt(ConfigKey.CONNECT_TIMEOUT_MS.defaultValue());
        String target = redactedRaw(ctx);
        Settings settings;
        try {
            settings = ctx.settings();
        } catch (ProdguardException e) {
            if (e.code() != ErrorCode.CONFIG) {
                throw e;
            }
            return configProblem(e.getMessage(), target, "(unknown)", timeout);
        }
        timeout = settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS);
        MongoTarget mongo;
        String db;
        try {
            mongo = settings.mongo();
            target = Doctor.describe(mongo);
            db = settings.dbName();
        } catch (ProdguardException e) {
            return configProblem(e.getMessage(), target, "(unknown)", timeout);
        }
        DoctorReport report = new Doctor(timeout).run(mongo, db);
        return report.with(repositoryLayer(ctx, settings));
    }

    /** The repository layer; a repository setting that cannot even be read fails it with the reason. */
    private static LayerResult repositoryLayer(CliContext ctx, Settings settings) {
        try {
            dev.prodguard.repo.Storage storage = ctx.repositoryStorage();
            if (storage instanceof dev.prodguard.repo.s3.S3Storage s3) {
                storage = dev.prodguard.repo.s3.S3Backend.forDiagnosis(s3,
                        java.time.Duration.ofMillis(settings.intValue(ConfigKey.CONNECT_TIMEOUT_MS)));
            }
            return new RepositoryCheck(storage, ctx.clock()).run();
        } catch (ProdguardException e) {
            return LayerResult.fail(Layer.REPOSITORY, e.getMessage(), Remedies.CONFIG, -1, java.util.List.of());
        }
    }

    private static DoctorReport configProblem(String message, String target, String db, int timeout) {
        boolean aboutUri = message.contains(ConfigKey.MONGO_URL.envName());
        String remedy;
        if (message.contains("URL-encoded")) {
            remedy = Remedies.URL_ENCODING;
        } else if (aboutUri) {
            remedy = Remedies.COPY_URI;
        } else {
            remedy = Remedies.CONFIG;
        }
        return Doctor.configProblem(message, aboutUri, remedy, target, db, timeout);
    }

    /** MONGO_URL from the environment or .env, redacted and printable, for the header when settings do not load. */
    private static String redactedRaw(CliContext ctx) {
        String name = ConfigKey.MONGO_URL.envName();
        String raw = ctx.env().get(name);
        if (raw == null) {
            try {
                raw = DotEnv.read(ctx.workDir().resolve(".env")).get(name);
            } catch (RuntimeException e) {
                raw = null;
            }
        }
        if (raw == null) {
            return "(" + name + " not set)";
        }
        // without the scheme: MONGO_URL is a registered secret, so the whole URI would print as ****
        String shown = Redactor.redactUri(raw).replaceAll("[\\p{Cntrl}\uFFFD]", "?").replaceFirst("^mongodb(\\+srv)?://", "");
        return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
    }
}
