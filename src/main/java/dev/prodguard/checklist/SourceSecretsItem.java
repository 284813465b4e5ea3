package dev.prodguard.checklist;

import dev.prodguard.scan.Finding;
import dev.prodguard.scan.Rule;
import dev.prodguard.scan.ScanReport;
import java.util.ArrayList;
import java.util.List;

/**
 * No credentials in the source or its git history: {@code prodguard scan} of the source directory
 * (with its baseline) finds nothing new, and no tracked file holds the literal MONGO_URL password.
 */
final class SourceSecretsItem extends BaseItem {
    SourceSecretsItem() {
        super("no-credentials-in-source", "No database credentials in source code or git history", 0, Stage.PRE_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        SourceScan.Result scan = ctx.sourceScan();
        if (scan.failure().isPresent()) {
            return ItemResult.fail(this, "cannot scan " + ctx.source() + ": " + scan.failure().get().getMessage(),
                    "pass the application's source directory with --source DIR");
        }
        ScanReport report = scan.report().orElseThrow();
        List<Finding> secrets = report.newFindings().stream()
                .filter(f -> !f.rule().isDotEnvRule() || f.rule() == Rule.DOTENV_IN_HISTORY).toList();
        List<String> notes = new ArrayList<>();
        for (Finding f : secrets) {
            notes.add(f.rule().id() + "  " + f.location() + (f.rule().isDotEnvRule() ? "" : "  secret: " + f.masked()));
        }
        for (String file : scan.passwordFiles()) {
            notes.add("mongo-url-password  " + file + " holds the MONGO_URL password");
        }
        String scope = report.stats().gitRepository()
                ? report.stats().filesScanned() + " files and " + report.stats().commitsScanned() + " commits"
                : report.stats().filesScanned() + " files (not a git repository: no history)";
        if (secrets.isEmpty() && scan.passwordFiles().isEmpty()) {
            int accepted = report.findings().size() - report.newFindings().size();
            return ItemResult.pass(this, "no new secrets in " + scope + (accepted > 0 ? " (" + accepted
                    + " accepted by the baseline)" : "") + "; " + scan.passwordSearch()).withNotes(notes);
        }
        String remedy = !scan.passwordFiles().isEmpty()
                ? "the MONGO_URL password is in the source: rotate it now (prodguard roles rotate USER), remove it"
                        + " from the files and read MONGO_URL from the environment"
                : secrets.get(0).rule().remedy() + "; details: prodguard scan " + ctx.source();
        String what = (secrets.isEmpty() ? "" : secrets.size() + " secret finding(s)")
                + (!secrets.isEmpty() && !scan.passwordFiles().isEmpty() ? " and " : "")
                + (scan.passwordFiles().isEmpty() ? "" : scan.passwordFiles().size()
                        + " tracked file(s) holding the MONGO_URL password");
        return ItemResult.fail(this, what + " in " + scope, remedy).withNotes(notes);
    }
}
