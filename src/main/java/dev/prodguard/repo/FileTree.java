package dev.prodguard.repo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link FileStorage} walks and dates its files, and finds its debris: the temp files
 * ({@code .tmp-<name>-<12 hex>}) that an interrupted write leaves beside its target.
 */
final class FileTree {
    private FileTree() {}

    /** Receives one regular file of a walk. */
    interface Visitor {
        void file(Path file, BasicFileAttributes attrs) throws IOException;
    }

    /**
     * Visits the regular files under {@code start}, not entering hidden directories (debris) below it; a file
     * or directory deleted meanwhile (retention, a discarded temp file) is skipped.
     */
    static void walk(Path start, Visitor visitor) throws IOException {
        if (!Files.isDirectory(start)) {
            return;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return d.equals(start) || !d.getFileName().toString().startsWith(".")
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    visitor.file(file, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /**
     * When a file last changed, by this machine's clock: its modification time, or its status-change time
     * when that is earlier (a modification time set into the future, by {@code touch -d} or a copy that kept
     * another machine's times, would otherwise look fresh forever; no tool can set the status-change time).
     */
    static Instant changed(Path p) throws IOException {
        FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        try {
            Object ctime = Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            if (ctime instanceof FileTime c && c.compareTo(modified) < 0) {
                return c.toInstant();
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a POSIX file system: the modification time is all there is
        }
        return modified.toInstant();
    }

    /** Every temp file under {@code root} (hidden directories are not entered), sorted by name. */
    static List<Storage.Debris> debris(Path root) throws IOException {
        List<Storage.Debris> out = new ArrayList<>();
        walk(root, (file, attrs) -> {
            if (file.getFileName().toString().startsWith(FileStorage.TEMP_PREFIX)) {
                try {
                    out.add(new Storage.Debris(name(root, file), attrs.size(), changed(file)));
                } catch (NoSuchFileException e) {
                    // its write finished or was discarded meanwhile
                }
            }
        });
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Deletes one temp file named as {@link #debris} names it; refuses anything else. */
    static void delete(Path root, String name) throws IOException {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.getFileName() == null || !p.getFileName().toString().startsWith(FileStorage.TEMP_PREFIX)) {
            throw new IOException("not a temp file of " + root + ": " + name);
        }
        if (Files.deleteIfExists(p)) {
            Durability.syncDirectory(p.getParent());
        }
    }

    private static String name(Path root, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
