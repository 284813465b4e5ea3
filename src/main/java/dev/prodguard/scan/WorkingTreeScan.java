package dev.prodguard.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * Scans the current files of a directory. In a git repository, files that git ignores and does not
 * track are skipped: an ignored {@code .env} is exactly where secrets belong.
 */
final class WorkingTreeScan {
    private static final Set<String> SKIP_DIRS = Set.of(".git", "node_modules", ".hg", ".svn");

    private final SecretDetector detector;
    private final FindingCollector collector;
    private final ScanStats stats;
    private final Set<String> skipFiles;

    WorkingTreeScan(SecretDetector detector, FindingCollector collector, ScanStats stats, Set<String> skipFiles) {
        this.detector = detector;
        this.collector = collector;
        this.stats = stats;
        this.skipFiles = skipFiles;
    }

    /** Scans a git working tree: tracked files and untracked files that are not ignored. */
    void scanGit(Repository repo, Path root) throws IOException {
        try (TreeWalk tw = new TreeWalk(repo)) {
            int index = tw.addTree(new DirCacheIterator(repo.readDirCache()));
            int work = tw.addTree(new FileTreeIterator(repo));
            tw.setRecursive(false);
            while (tw.next()) {
                WorkingTreeIterator w = tw.getTree(work, WorkingTreeIterator.class);
                boolean tracked = tw.getTree(index, DirCacheIterator.class) != null;
                if (w == null || (!tracked && w.isEntryIgnored())) {
                    continue;
                }
                if (tw.isSubtree()) {
                    if (!SKIP_DIRS.contains(tw.getNameString())) {
                        tw.enterSubtree();
                    }
                    continue;
                }
                if (FileMode.REGULAR_FILE.equals(tw.getFileMode(work)) || FileMode.EXECUTABLE_FILE.equals(tw.getFileMode(work))) {
                    scanFile(root, tw.getPathString());
                }
            }
        }
    }

    /** Scans a plain directory (not a git repository). */
    void scanPlain(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    scanFile(root, root.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // unreadable file: nothing to scan
            }
        });
    }

    private void scanFile(Path root, String relative) throws IOException {
        if (skipFiles.contains(relative)) {
            return;
        }
        Path file = root.resolve(relative);
        boolean entropy = ContentReader.entropyRuleApplies(relative);
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            stats.count(ContentReader.read(in, size, (n, text) -> {
                for (SecretDetector.Match m : detector.scanLine(text, entropy)) {
                    collector.workingTree(m.rule(), relative, n, m.secret());
                }
            }), false);
        }
    }
}
