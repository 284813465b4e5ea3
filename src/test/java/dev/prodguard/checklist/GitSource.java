package dev.prodguard.checklist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A throwaway application source tree under git (JGit), for the source items. */
final class GitSource implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    final Path dir;
    final Git git;

    private GitSource(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    static GitSource init(Path dir) throws GitAPIException {
        return new GitSource(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    }

    /** A random alphanumeric value, so no real or fixed secret sits in the test sources. */
    static String secret(int length) {
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alnum.charAt(RANDOM.nextInt(alnum.length())));
        }
        return sb.toString();
    }

    GitSource write(String path, String content) throws IOException {
        Fixtures.write(dir.resolve(path), content);
        return this;
    }

    GitSource delete(String path) throws IOException, GitAPIException {
        git.rm().addFilepattern(path).call();
        Files.deleteIfExists(dir.resolve(path));
        return this;
    }

    GitSource commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Test", "test@example.invalid");
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        return this;
    }

    /** A clean application: code, a .gitignore that ignores .env, and an untracked .env. */
    static GitSource cleanApp(Path dir) throws Exception {
        GitSource g = init(dir);
        g.write("server.js", "const url = process.env.MONGO_URL;\nconst db = process.env.DB_NAME;\n")
                .write(".gitignore", "node_modules/\n.env\n")
                .write("README.md", "# exchange\nSet MONGO_URL=mongodb+srv://<username>:<password>@cluster0.xxxxx.mongodb.net/\n")
                .commit("app");
        g.write(".env", "MONGO_URL=placeholder\n"); // present, ignored, never committed
        return g;
    }

    @Override
    public void close() {
        git.close();
    }
}
