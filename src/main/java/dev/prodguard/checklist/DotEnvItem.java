package dev.prodguard.checklist;

import dev.prodguard.scan.Finding;
import dev.prodguard.scan.Rule;
import dev.prodguard.scan.ScanReport;
import java.util.List;

/** The guide's "{@code .env} file added to {@code .gitignore}", and no .env file tracked by git (scan's .env rules). */
final class DotEnvItem extends BaseItem {
    DotEnvItem() {
        super("dotenv-ignored", ".env file added to .gitignore and not tracked", 0, Stage.PRE_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        SourceScan.Result scan = ctx.sourceScan();
        if (scan.failure().isPresent()) {
            return ItemResult.fail(this, "cannot scan " + ctx.source() + ": " + scan.failure().get().getMessage(),
                    "pass the application's source directory with --source DIR");
        }
        ScanReport report = scan.report().orElseThrow();
        if (!report.stats().gitRepository()) {
            return ItemResult.skipped(this, ctx.source() + " is not a git repository; run with --source pointing"
                    + " at the application's git work tree");
        }
        List<Finding> problems = report.newFindings().stream()
                .filter(f -> f.rule() == Rule.DOTENV_NOT_IGNORED || f.rule() == Rule.DOTENV_TRACKED).toList();
        if (problems.isEmpty()) {
            return ItemResult.pass(this, ".gitignore lists .env and no .env file is tracked");
        }
        Finding first = problems.get(0);
        String what = problems.stream().map(f -> f.rule() == Rule.DOTENV_TRACKED ? f.file() + " is tracked"
                : ".env is not listed in .gitignore").distinct().reduce((a, b) -> a + "; " + b).orElse("");
        return ItemResult.fail(this, what, problems.stream().map(f -> f.rule().remedy()).distinct()
                .reduce((a, b) -> a + "; " + b).orElse(first.rule().remedy()));
    }
}
