package dev.prodguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.scan.Baseline;
import dev.prodguard.scan.Finding;
import dev.prodguard.scan.ScanReport;
import dev.prodguard.scan.ScanStats;
import dev.prodguard.scan.SecretScanner;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard scan}: secrets in the working tree and the whole git history, masked. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {
            "Find secrets in a source tree and its git history.",
            "It looks for MongoDB connection strings with passwords, Atlas API keys and other secrets "
                    + "in the files of DIR and, for a git repository, in every commit of its history. It also "
                    + "checks that .env is listed in .gitignore and not tracked.",
            "Secrets are shown masked; it exits 1 when there are findings not in the baseline."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard scan",
            "  prodguard scan ../my-app",
            "  prodguard scan --update-baseline"})
public final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Directory to scan. Default: the current directory.")
    Path dir;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = {"Accepted findings.", "Default: " + Baseline.DEFAULT_NAME + " in DIR."})
    Path baselineFile;

    @Option(names = "--update-baseline", description = "Accept every current finding: write them to the baseline and exit 0.")
    boolean updateBaseline;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        Path target = (dir == null ? ctx.workDir() : ctx.workDir().resolve(dir)).toAbsolutePath().normalize();
        Path baselinePath = (baselineFile == null ? target.resolve(Baseline.DEFAULT_NAME)
                : ctx.workDir().resolve(baselineFile)).toAbsolutePath().normalize();
        Set<String> skip = new HashSet<>();
        if (baselinePath.startsWith(target)) {
            skip.add(target.relativize(baselinePath).toString().replace('\\', '/'));
        }
        Baseline baseline = updateBaseline ? Baseline.empty() : Baseline.load(baselinePath);
        ScanReport report = new SecretScanner().scan(target, baseline, skip);
        if (updateBaseline) {
            Baseline.write(baselinePath, report.findings());
            ctx.println("scan: " + report.findings().size() + " finding(s) accepted into " + baselinePath
                    + " (fingerprints only; no secret is stored)");
            return ErrorCode.OK.exitCode();
        }
        if (json) {
            ctx.println(toJson(target, report));
        } else {
            printText(ctx, target, baselinePath, report);
        }
        return report.clean() ? ErrorCode.OK.exitCode() : ErrorCode.CHECK_FAILED.exitCode();
    }

    private static void printText(CliContext ctx, Path target, Path baselinePath, ScanReport report) {
        ScanStats s = report.stats();
        ctx.println("scan: " + target + (s.gitRepository()
                ? " (git: " + s.commitsScanned() + " commits, " + s.blobsScanned() + " file versions in history)"
                : " (not a git repository: working tree only)"));
        ctx.println("  " + s.filesScanned() + " files scanned; skipped " + s.skippedBinary() + " binary and "
                + s.skippedLarge() + " files over 1 MiB");
        for (Finding f : report.newFindings()) {
            ctx.println("✗ " + f.rule().id() + "  " + f.location() + (f.rule().isDotEnvRule() ? "" : "  secret: " + f.masked()));
            ctx.println("    " + f.rule().description() + "; " + f.rule().remedy());
        }
        int accepted = report.findings().size() - report.newFindings().size();
        if (report.clean()) {
            ctx.println("✓ no new findings" + (accepted > 0 ? " (" + accepted + " accepted by " + baselinePath + ")" : ""));
        } else {
            ctx.println(report.newFindings().size() + " new finding(s)" + (accepted > 0 ? ", " + accepted
                    + " accepted by the baseline" : "") + ". A secret that reached git history stays readable:"
                    + " rotate it. To accept findings: prodguard scan --update-baseline");
        }
    }

    private static String toJson(Path target, ScanReport report) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("directory", target.toString());
        root.put("clean", report.clean());
        root.put("new", report.newFindings().size());
        root.put("accepted", report.findings().size() - report.newFindings().size());
        ScanStats s = report.stats();
        ObjectNode stats = root.putObject("stats");
        stats.put("gitRepository", s.gitRepository());
        stats.put("filesScanned", s.filesScanned());
        stats.put("commitsScanned", s.commitsScanned());
        stats.put("historyFileVersionsScanned", s.blobsScanned());
        stats.put("skippedBinary", s.skippedBinary());
        stats.put("skippedLarge", s.skippedLarge());
        ArrayNode arr = root.putArray("findings");
        Set<String> fresh = new HashSet<>();
        report.newFindings().forEach(f -> fresh.add(f.fingerprint()));
        for (Finding f : report.findings()) {
            ObjectNode n = arr.addObject();
            n.put("rule", f.rule().id());
            n.put("file", f.file());
            n.put("line", f.line());
            n.put("commit", f.commit());
            n.put("commitDate", f.commitDate() == null ? null : f.commitDate().toString());
            n.put("inWorkingTree", f.inWorkingTree());
            n.put("secret", f.masked());
            n.put("fingerprint", f.fingerprint());
            n.put("baseline", !fresh.contains(f.fingerprint()));
            n.put("remedy", f.rule().remedy());
        }
        return mapper.writeValueAsString(root);
    }
}
