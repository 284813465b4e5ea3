package dev.prodguard.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A throwaway git repository built with JGit for scanner tests, and random fake secrets. */
final class GitFixture implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    final Path dir;
    final Git git;

    private GitFixture(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    static GitFixture init(Path dir) throws GitAPIException {
        return new GitFixture(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    }

    /** A random alphanumeric value (different on every run, so no real or fixed secret is in the sources). */
    static String secret(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    static String uuid() {
        return java.util.UUID.randomUUID().toString();
    }

    GitFixture write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    GitFixture delete(String path) throws IOException, GitAPIException {
        git.rm().addFilepattern(path).call();
        Files.deleteIfExists(dir.resolve(path));
        return this;
    }

    RevCommit commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Test", "test@example.invalid");
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    @Override
    public void close() {
        git.close();
    }
}
