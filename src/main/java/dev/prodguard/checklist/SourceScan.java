package dev.prodguard.checklist;

import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.scan.ScanReport;
import dev.prodguard.scan.SecretScanner;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The source-tree facts two checklist items share, computed once: the secret scan of the source
 * directory (working tree and git history, with its baseline) and the files that hold the literal
 * MONGO_URL password. The password is searched for, never stored in the result or printed.
 */
final class SourceScan {
    /** Files larger than this are not searched for the password. */
    static final long MAX_FILE_BYTES = 8L << 20;
    /** Passwords shorter than this are not searched for: they would match ordinary text. */
    static final int MIN_PASSWORD_LENGTH = 6;

    /**
     * What the scan found.
     *
     * @param report the secret scan, empty when it could not run ({@code failure} says why)
     * @param failure why the scan could not run
     * @param passwordFiles files (relative, '/'-separated) holding the MONGO_URL password
     * @param passwordSearch what the password search covered, or why it did not run
     */
    record Result(Optional<ScanReport> report, Optional<ProdguardException> failure, List<String> passwordFiles,
            String passwordSearch) {}

    private final Path source;
    private final Settings settings;
    private Result result;

    SourceScan(Path source, Settings settings) {
        this.source = source;
        this.settings = settings;
    }

    synchronized Result result() {
        if (result == null) {
            result = compute();
        }
        return result;
    }

    private Result compute() {
        Optional<ScanReport> report = Optional.empty();
        Optional<ProdguardException> failure = Optional.empty();
        try {
            report = Optional.of(new SecretScanner().scan(source));
        } catch (ProdguardException e) {
            failure = Optional.of(e);
        }
        List<String> files = new ArrayList<>();
        String covered;
        char[] password = password();
        if (password == null) {
            covered = "MONGO_URL has no password to search for";
        } else if (password.length < MIN_PASSWORD_LENGTH) {
            covered = "the MONGO_URL password is too short to search for";
        } else if (!Files.isDirectory(source)) {
            covered = "the source directory does not exist";
        } else {
            try {
                covered = searchPassword(new String(password), files);
            } catch (IOException e) {
                covered = "password search failed: " + e.getClass().getSimpleName();
            }
        }
        return new Result(report, failure, List.copyOf(files), covered);
    }

    private char[] password() {
        try {
            return settings.get(dev.prodguard.config.ConfigKey.MONGO_URL).isPresent() ? settings.mongo().password() : null;
        } catch (ProdguardException e) {
            return null;
        }
    }

    private String searchPassword(String password, List<String> hits) throws IOException {
        List<byte[]> needles = needles(password);
        TreeSet<String> found = new TreeSet<>();
        if (Files.exists(source.resolve(".git"))) {
            int n = 0;
            try (org.eclipse.jgit.lib.Repository repo = new FileRepositoryBuilder().setWorkTree(source.toFile())
                    .setMustExist(true).build()) {
                DirCache index = repo.readDirCache();
                for (int i = 0; i < index.getEntryCount(); i++) {
                    DirCacheEntry e = index.getEntry(i);
                    n++;
                    ObjectLoader staged = repo.open(e.getObjectId());
                    if (staged.getSize() <= MAX_FILE_BYTES && containsAny(staged.getBytes(), needles)) {
                        found.add(e.getPathString());
                    }
                    Path file = source.resolve(e.getPathString());
                    if (Files.isRegularFile(file) && Files.size(file) <= MAX_FILE_BYTES
                            && containsAny(Files.readAllBytes(file), needles)) {
                        found.add(e.getPathString());
                    }
                }
            }
            hits.addAll(found);
            return n + " tracked files searched for the MONGO_URL password";
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(source)) {
            all = walk.filter(Files::isRegularFile).filter(p -> !isSkipped(source.relativize(p))).toList();
        }
        for (Path p : all) {
            if (Files.size(p) <= MAX_FILE_BYTES && containsAny(Files.readAllBytes(p), needles)) {
                found.add(source.relativize(p).toString().replace('\\', '/'));
            }
        }
        hits.addAll(found);
        return all.size() + " files searched for the MONGO_URL password (not a git repository; .env files skipped)";
    }

    /** Outside git: .git data and the .env files (where the password belongs) are not searched. */
    private static boolean isSkipped(Path relative) {
        String first = relative.getName(0).toString();
        String name = relative.getFileName().toString();
        return first.equals(".git") || name.equals(".env") || name.startsWith(".env.");
    }

    private static List<byte[]> needles(String password) {
        List<byte[]> out = new ArrayList<>();
        out.add(password.getBytes(StandardCharsets.UTF_8));
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
        if (!encoded.equals(password)) {
            out.add(encoded.getBytes(StandardCharsets.UTF_8));
            out.add(encoded.replace("+", "%20").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean containsAny(byte[] haystack, List<byte[]> needles) {
        for (byte[] n : needles) {
            if (indexOf(haystack, n) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] h, byte[] n) {
        outer:
        for (int i = 0; i + n.length <= h.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (h[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
