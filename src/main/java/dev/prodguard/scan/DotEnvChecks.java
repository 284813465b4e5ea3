package dev.prodguard.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Repository;

/** The guide's two .env rules for a git repository: {@code .env} is listed in .gitignore, and no .env is tracked. */
final class DotEnvChecks {
    private DotEnvChecks() {}

    static void check(Repository repo, Path root, FindingCollector collector) throws IOException {
        if (!ignoredByRootGitignore(root)) {
            collector.workingTree(Rule.DOTENV_NOT_IGNORED, ".gitignore", 0, "");
        }
        DirCache index = repo.readDirCache();
        for (int i = 0; i < index.getEntryCount(); i++) {
            String path = index.getEntry(i).getPathString();
            if (DotEnvFiles.isDotEnv(path)) {
                collector.workingTree(Rule.DOTENV_TRACKED, path, 0, "");
            }
        }
    }

    /** Whether the root .gitignore ignores a file named .env (later rules, including negations, win). */
    static boolean ignoredByRootGitignore(Path root) throws IOException {
        Path gitignore = root.resolve(".gitignore");
        if (!Files.isRegularFile(gitignore)) {
            return false;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(gitignore)) {
            node.parse(in);
        }
        return Boolean.TRUE.equals(node.checkIgnored(".env", false));
    }
}
