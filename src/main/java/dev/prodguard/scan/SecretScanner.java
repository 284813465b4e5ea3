package dev.prodguard.scan;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The secret scanner service behind {@code prodguard scan} and the go-live checklist: finds MongoDB
 * connection strings with passwords, Atlas API keys and high-entropy secrets in a directory's files
 * and, when it is a git repository, in its whole history, plus the .env rules.
 */
public final class SecretScanner {
    private final SecretDetector detector = new SecretDetector();

    /** Scans a directory with the baseline in its default place ({@value Baseline#DEFAULT_NAME} inside it). */
    public ScanReport scan(Path dir) {
        return scan(dir, Baseline.load(dir.resolve(Baseline.DEFAULT_NAME)), Set.of(Baseline.DEFAULT_NAME));
    }

    /**
     * Scans a directory.
     *
     * @param dir the directory (a git repository root, or any directory)
     * @param baseline accepted findings
     * @param skip paths relative to {@code dir} never scanned (the baseline file itself)
     * @throws ProdguardException USAGE when the directory is missing, REPOSITORY when git data is unreadable
     */
    public ScanReport scan(Path dir, Baseline baseline, Set<String> skip) {
        if (!Files.isDirectory(dir)) {
            throw ProdguardException.usage("cannot scan " + dir + ": not a directory");
        }
        Path root = dir.toAbsolutePath().normalize();
        FindingCollector collector = new FindingCollector();
        ScanStats stats = new ScanStats();
        try {
            if (Files.exists(root.resolve(".git"))) { // a directory, or a file pointing to one (worktrees)
                stats.gitRepository = true;
                try (Repository repo = new FileRepositoryBuilder().setWorkTree(root.toFile()).setMustExist(true).build()) {
                    new WorkingTreeScan(detector, collector, stats, skip).scanGit(repo, root);
                    DotEnvChecks.check(repo, root, collector);
                    new GitHistoryScan(detector, collector, stats, skip).scan(repo);
                }
            } else {
                new WorkingTreeScan(detector, collector, stats, skip).scanPlain(root);
            }
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.REPOSITORY, "cannot scan " + root + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        List<Finding> all = collector.findings();
        List<Finding> fresh = all.stream().filter(f -> !baseline.accepts(f)).toList();
        return new ScanReport(all, fresh, stats);
    }
}
