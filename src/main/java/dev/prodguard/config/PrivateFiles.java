package dev.prodguard.config;

import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * Everything prodguard writes (repository, exports, state, password files) is created with explicit
 * POSIX permissions, whatever the umask: owner only (files 0600, directories 0700) by default, or
 * group-readable (0640/0750) with {@code PRODGUARD_FILE_MODE=group}. The permissions are given to
 * the create call itself, so a file is never more open than this, not even for an instant (the
 * umask can only remove bits). File systems without POSIX permissions get their defaults.
 */
public final class PrivateFiles {
    /** The two settings of {@code PRODGUARD_FILE_MODE}. */
    public enum Mode {
        /** 0600 files, 0700 directories (the default). */
        PRIVATE("rw-------", "rwx------"),
        /** 0640 files, 0750 directories: the owner's group may read (e.g. a backup operator group). */
        GROUP("rw-r-----", "rwxr-x---");

        private final Set<PosixFilePermission> file;
        private final Set<PosixFilePermission> dir;

        Mode(String file, String dir) {
            this.file = PosixFilePermissions.fromString(file);
            this.dir = PosixFilePermissions.fromString(dir);
        }

        /** The permissions of a file created in this mode. */
        public Set<PosixFilePermission> filePermissions() {
            return file;
        }

        /** The permissions of a directory created in this mode. */
        public Set<PosixFilePermission> directoryPermissions() {
            return dir;
        }
    }

    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
    private static volatile Mode mode = Mode.PRIVATE;

    private PrivateFiles() {}

    /** Reads {@code PRODGUARD_FILE_MODE} (private or group) and applies it to this process. @throws ProdguardException CONFIG */
    public static void configure(Settings settings) {
        mode = parse(settings.get(ConfigKey.FILE_MODE).orElse("private"));
    }

    /** Parses a {@code PRODGUARD_FILE_MODE} value. @throws ProdguardException CONFIG naming the variable */
    public static Mode parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "private", "" -> Mode.PRIVATE;
            case "group" -> Mode.GROUP;
            default -> throw ProdguardException.config(ConfigKey.FILE_MODE.envName() + "='"
                    + SettingsLoader.printable(value) + "' is not a file mode; use private (0600/0700, the default)"
                    + " or group (0640/0750)");
        };
    }

    /** The mode in force. */
    public static Mode mode() {
        return mode;
    }

    /** Sets the mode (tests; commands call {@link #configure}). */
    public static void use(Mode m) {
        mode = m;
    }

    /** Creates a directory and its missing parents, each with the directory permissions of the mode. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir, dirAttribute(dir));
    }

    /** Opens a new file (it must not exist) for writing, created with the file permissions of the mode. */
    public static FileChannel createChannel(Path file) throws IOException {
        return FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttribute(file));
    }

    /** Opens a new file (it must not exist) as a stream, created with the file permissions of the mode. */
    public static OutputStream createStream(Path file) throws IOException {
        return Channels.newOutputStream(createChannel(file));
    }

    /** Writes a new file (replacing none: it must not exist). */
    public static void writeNew(Path file, byte[] data) throws IOException {
        try (OutputStream out = createStream(file)) {
            out.write(data);
        }
    }

    /**
     * Replaces {@code file} with {@code data} so that a reader sees the old content or the new, never an
     * empty or half-written file: the data goes to a temporary sibling (created with the mode's
     * permissions), which is then renamed over the file in one step.
     */
    public static void replace(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            writeNew(tmp, data);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates an empty file with the mode's permissions when it does not exist yet (e.g. before a
     * library such as SQLite opens it; SQLite gives its -wal and -shm files the database file's mode).
     */
    public static void createIfAbsent(Path file) throws IOException {
        try {
            Files.createFile(file, fileAttribute(file));
        } catch (FileAlreadyExistsException e) {
            // exists: left as it is
        }
    }

    /** Creates a file that only its owner may ever read, whatever the mode (passwords, tokens). */
    public static void createOwnerOnly(Path file) throws IOException {
        if (posix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Mode.PRIVATE.filePermissions()));
        } else {
            Files.createFile(file);
        }
    }

    private static FileAttribute<?>[] fileAttribute(Path p) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode.filePermissions())} : NONE;
    }

    private static FileAttribute<?>[] dirAttribute(Path p) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode.directoryPermissions())} : NONE;
    }

    /** Whether the file system of {@code p} has POSIX permissions. */
    public static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
