package dev.prodguard.scan;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Scans every commit reachable from any ref (branches, tags, stash), oldest first: each file
 * version a commit added or changed is read once, so files deleted later and a {@code .env}
 * committed then removed are still found. Memory: one line of one blob, plus a bounded set of
 * blob ids already scanned.
 */
final class GitHistoryScan {
    private static final int MAX_REMEMBERED_BLOBS = 200_000;

    private final SecretDetector detector;
    private final FindingCollector collector;
    private final ScanStats stats;
    private final Set<String> skipFiles;

    GitHistoryScan(SecretDetector detector, FindingCollector collector, ScanStats stats, Set<String> skipFiles) {
        this.detector = detector;
        this.collector = collector;
        this.stats = stats;
        this.skipFiles = skipFiles;
    }

    void scan(Repository repo) throws IOException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            boolean any = false;
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id == null) {
                    continue;
                }
                try {
                    walk.markStart(walk.parseCommit(id));
                    any = true;
                } catch (IncorrectObjectTypeException | MissingObjectException e) {
                    // a ref to a blob or tree, or a dangling ref: nothing to walk
                }
            }
            if (!any) {
                return; // a repository without commits
            }
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            Set<ObjectId> seen = new HashSet<>();
            for (RevCommit commit : walk) {
                stats.commitsScanned++;
                scanCommit(reader, walk, commit, seen);
                if (seen.size() > MAX_REMEMBERED_BLOBS) {
                    seen.clear(); // bounded memory; at worst a blob is read twice
                }
            }
        }
    }

    private void scanCommit(ObjectReader reader, RevWalk walk, RevCommit commit, Set<ObjectId> seen) throws IOException {
        String shortId = commit.abbreviate(7).name();
        Instant when = Instant.ofEpochSecond(commit.getCommitTime());
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.setRecursive(true);
            if (commit.getParentCount() > 0) {
                tw.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            } else {
                tw.addTree(new EmptyTreeIterator());
            }
            tw.addTree(commit.getTree());
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                FileMode mode = tw.getFileMode(1);
                if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
                    continue; // deleted, symlink, submodule
                }
                String path = tw.getPathString();
                if (skipFiles.contains(path)) {
                    continue;
                }
                if (DotEnvFiles.isDotEnv(path)) {
                    collector.history(Rule.DOTENV_IN_HISTORY, path, 0, "", shortId, when);
                }
                ObjectId blob = tw.getObjectId(1);
                if (seen.add(blob)) {
                    scanBlob(reader, blob, path, shortId, when);
                }
            }
        }
    }

    private void scanBlob(ObjectReader reader, ObjectId blob, String path, String commit, Instant when) throws IOException {
        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
        long size = loader.getSize();
        if (size > ContentReader.MAX_FILE_BYTES) {
            stats.skippedLarge++;
            return;
        }
        boolean entropy = ContentReader.entropyRuleApplies(path);
        try (InputStream in = loader.openStream()) {
            stats.count(ContentReader.read(in, size, (n, text) -> {
                for (SecretDetector.Match m : detector.scanLine(text, entropy)) {
                    collector.history(m.rule(), path, n, m.secret(), commit, when);
                }
            }), true);
        }
    }
}
