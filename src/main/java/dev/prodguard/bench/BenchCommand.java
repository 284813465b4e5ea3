package dev.prodguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.cli.CliContext;
import dev.prodguard.cli.Main;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Storage;
import dev.prodguard.repo.s3.S3Backend;
import dev.prodguard.repo.s3.S3Location;
import dev.prodguard.repo.s3.S3Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prodguard bench}: the benchmark harness. Run with {@code ./prodguard bench --quick} (under
 * a minute) or {@code ./prodguard bench --users 4000 --out bench.json}; prints one JSON object.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measure snapshot and restore throughput against the raw driver limit, and print one JSON "
                    + "object.",
            "In one run, on the embedded server with a generated exchange-shaped dataset: snapshot "
                    + "and restore throughput against the raw driver limit on the same data; capture lag under "
                    + "sustained writes; point-in-time versus snapshot-only restore time; backup and restore as "
                    + "whole processes (started as the launcher starts them) and start-up times.",
            "It needs no database or configuration. Progress goes to stderr."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard bench --quick",
            "  prodguard bench --out bench.json --fail-below-target"})
public final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--quick", description = "Smaller dataset and fewer passes; finishes in under a minute.")
    boolean quick;

    @Option(names = "--users", paramLabel = "N", description = "Users in the large dataset (about 36 documents, 8 KB each);"
            + " the small one has a quarter. Default: 4000, or 300 with --quick.")
    Integer users;

    @Option(names = "--repetitions", paramLabel = "N", description = "Measured passes on the large dataset"
            + " (median reported); the whole-process part runs as many. Default: 5, or 2 with --quick.")
    Integer repetitions;

    @Option(names = "--warmups", paramLabel = "N", description = "Unmeasured passes before the measured ones, so that the"
            + " JIT has compiled the paths measured. Default: 1, or 5 with --quick.")
    Integer warmups;

    @Option(names = "--capture-seconds", paramLabel = "S", description = "Seconds of writing at each capture write rate"
            + " (lag is measured at 100, 500, 2000 writes/s and full speed; 200, 1000 and full speed with --quick)."
            + " Default: 10, or 2 with --quick.")
    Integer captureSeconds;

    @Option(names = "--no-process", description = "Start no process: leave out the whole-process part (backup and"
            + " restore started as processes of their own, as people run them, against the raw drain and insert; start-up"
            + " times), and run the capture part's server in the benchmark's own JVM.")
    boolean noProcess;

    @Option(names = "--s3", description = "Also measure snapshot and restore with the repository in the bucket"
            + " that PRODGUARD_REPO names (an s3:// URL), under a fresh bench-<id>/ prefix it deletes afterwards.")
    boolean s3;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON object to this file.")
    Path out;

    @Option(names = "--fail-below-target", description = "Exit 1 when a target (ratios, heap) is missed.")
    boolean failBelowTarget;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        BenchOptions options = quick ? BenchOptions.quickRun() : BenchOptions.full();
        if (users != null) {
            if (users < 8 || users > 10_000_000) {
                throw ProdguardException.usage("--users " + users + " is out of range; use 8 to 10000000");
            }
            options = options.withUsers(users);
        }
        if (repetitions != null) {
            if (repetitions < 1 || repetitions > 100) {
                throw ProdguardException.usage("--repetitions " + repetitions + " is out of range; use 1 to 100");
            }
            options = options.withRepetitions(repetitions);
        }
        if (warmups != null) {
            if (warmups < 0 || warmups > 100) {
                throw ProdguardException.usage("--warmups " + warmups + " is out of range; use 0 to 100");
            }
            options = options.withWarmups(warmups);
        }
        if (captureSeconds != null) {
            if (captureSeconds < 1 || captureSeconds > 3600) {
                throw ProdguardException.usage("--capture-seconds " + captureSeconds + " is out of range; use 1 to 3600");
            }
            options = options.withCaptureSeconds(captureSeconds);
        }
        options = options.withProcess(!noProcess);
        Path file = out == null ? null : ctx.workDir().resolve(out);
        if (file != null && file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw ProdguardException.usage("--out " + out + ": directory " + file.getParent() + " does not exist");
        }
        BenchmarkHarness harness = new BenchmarkHarness(options, line -> {
            ctx.err().println(line);
            ctx.err().flush();
        });
        Storage bench = null;
        if (s3) {
            if (!(ctx.repositoryStorage() instanceof S3Storage bucket)) {
                throw ProdguardException.usage("--s3 measures the bucket PRODGUARD_REPO names (s3://bucket/prefix), but"
                        + " PRODGUARD_REPO is " + ctx.repositoryStorage().describe());
            }
            String run = "bench-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "/";
            Storage fresh = S3Backend.storage(new S3Location(bucket.location().bucket(), bucket.location().prefix() + run),
                    bucket.options());
            bench = fresh;
            harness.withObjectStorage(() -> fresh);
        }
        ObjectNode result;
        try {
            result = harness.run();
        } finally {
            deleteAll(bench, ctx);
        }
        String json;
        try {
            json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ctx.println(json);
        if (file != null) {
            try {
                Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ProdguardException(ErrorCode.STORAGE, "cannot write " + file + ": " + e.getMessage()
                        + "; choose another --out path");
            }
        }
        boolean pass = result.path("targets").path("pass").asBoolean(false);
        return failBelowTarget && !pass ? ErrorCode.CHECK_FAILED.exitCode() : 0;
    }

    /** Removes what the bench wrote under its own prefix of the bucket. */
    private static void deleteAll(Storage bench, CliContext ctx) {
        if (bench == null) {
            return;
        }
        try {
            for (String key : bench.list("")) {
                bench.delete(key);
            }
        } catch (IOException e) {
            ctx.warn("could not delete the bench's objects in " + bench.describe() + ": " + e.getMessage());
        }
    }
}
