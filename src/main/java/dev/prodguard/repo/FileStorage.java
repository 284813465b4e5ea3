package dev.prodguard.repo;

import dev.prodguard.config.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@link Storage} on a local directory. Every write goes to a temp file ({@code .tmp-*}) in the
 * target's directory, then is hard-linked (or renamed) into place atomically, so a crash leaves at
 * most a temp file, which {@link #list} never shows, or an object no manifest names. Durability:
 * {@link StorageWriter#commit()}, {@link #putIfAbsent} and {@link #overwrite} fsync the file before
 * it gets its name and the directory after; {@link StorageWriter#publish()} fsyncs the file in the
 * background and leaves the directory to {@link #barrier}, which waits for those fsyncs and fsyncs
 * each directory involved once, all in parallel (the filesystem's journal batches concurrent fsyncs).
 * Directories this storage creates are fsynced into their parent by the next durable write or barrier.
 * Files and directories are created with {@link PrivateFiles}' permissions (owner only by default).
 */
public final class FileStorage implements Storage {
    static final String TEMP_PREFIX = ".tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final boolean durable;
    private final Durability pending;

    /** A storage rooted at {@code root}; the directory is created on the first write. */
    public FileStorage(Path root) {
        this(root.toAbsolutePath().normalize(), true, new Durability());
    }

    private FileStorage(Path root, boolean durable, Durability pending) {
        this.root = root;
        this.durable = durable;
        this.pending = pending;
    }

    /** The same directory without fsync, for lock files (see {@link Storage#forLocks()}). */
    @Override
    public Storage forLocks() {
        return durable ? new FileStorage(root, false, pending) : this;
    }

    @Override
    public void barrier(java.util.Collection<String> keys) throws IOException {
        pending.barrier(resolveAll(keys), List.of());
    }

    /**
     * Writes the commit point's temp file, then in one parallel round fsyncs it, waits for the
     * objects' fsyncs and fsyncs their directories; only then links it into place (and fsyncs
     * its directory), so it is never visible before what it names is durable.
     */
    @Override
    public boolean putIfAbsentAfter(java.util.Collection<String> after, String key, byte[] data) throws IOException {
        if (!durable) {
            return putIfAbsent(key, data);
        }
        Path target = resolve(key);
        Path temp = writeTemp(target, data, false);
        try {
            pending.barrier(resolveAll(after), List.of(temp));
            return linkInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private java.util.Map<String, Path> resolveAll(java.util.Collection<String> keys) {
        java.util.Map<String, Path> out = new java.util.LinkedHashMap<>();
        for (String k : keys) {
            out.put(k, resolve(k));
        }
        return out;
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    @Override
    public StorageWriter create(String key) throws IOException {
        Path target = resolve(key);
        Path temp = newTemp(target);
        FileChannel channel = PrivateFiles.createChannel(temp);
        return new FileWriter(key, target, temp, channel);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        Path target = resolve(key);
        Path temp = writeTemp(target, data);
        try {
            return linkInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void overwrite(String key, byte[] data) throws IOException {
        Path target = resolve(key);
        Path temp = writeTemp(target, data);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (durable) {
                Durability.syncDirectory(target.getParent());
                pending.syncCreatedDirectories();
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return listing(prefix, Integer.MAX_VALUE);
    }

    /** The first {@code max} keys the directories give (not the first in key order: that would need them all), sorted. */
    @Override
    public List<String> listSome(String prefix, int max) throws IOException {
        return listing(prefix, max);
    }

    /** One read per core: a manifest read from the page cache is mostly the reader's own work. */
    @Override
    public int readConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public boolean readsAreLocal() {
        return true;
    }

    /** Names are compared before the file system is asked about them; the directory is still read whole. */
    @Override
    public List<String> listAfter(String prefix, String after, int max) throws IOException {
        List<String> keys = listing(prefix, Integer.MAX_VALUE, after);
        return keys.size() <= max ? keys : new ArrayList<>(keys.subList(0, max));
    }

    private List<String> listing(String prefix, int max) throws IOException {
        return listing(prefix, max, null);
    }

    private List<String> listing(String prefix, int max, String after) throws IOException {
        if (!prefix.isEmpty()) {
            Keys.checkPrefix(prefix);
        }
        int slash = prefix.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : prefix.substring(0, slash);
        List<String> keys = new ArrayList<>();
        listUnder(dirKey.isEmpty() ? root : root.resolve(dirKey), dirKey, prefix, after, keys, max);
        keys.sort(null);
        return keys;
    }

    /**
     * Adds the keys of the regular files under {@code dir} (whose key is {@code dirKey}) that start with {@code prefix},
     * and sort after {@code after} (null: any), until {@code keys} holds {@code max}.
     * Names are matched before anything is asked of the file system, and keys are built from names rather than
     * paths: a week of captured history is hundreds of thousands of manifests in one directory, and a restore,
     * {@code status} and the guardian list them. Hidden names (temp files, debris directories) are never keys; a
     * file or directory deleted meanwhile (retention, a discarded temp file) is skipped; symbolic links are not
     * followed (the same as {@link FileTree#walk}).
     */
    private static void listUnder(Path dir, String dirKey, String prefix, String after, List<String> keys, int max)
            throws IOException {
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (keys.size() >= max) {
                    return;
                }
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String key = dirKey.isEmpty() ? name : dirKey + "/" + name;
                boolean underPrefix = key.startsWith(prefix);
                if (!underPrefix && !prefix.startsWith(key + "/")) {
                    continue; // neither this key nor any below it can start with the prefix
                }
                boolean afterIt = after == null || key.compareTo(after) > 0;
                if (!afterIt && !after.startsWith(key)) {
                    continue; // it and every key below it sort before 'after' (they differ from it at the same place)
                }
                java.nio.file.attribute.BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isDirectory()) {
                    listUnder(p, key, prefix, after, keys, max);
                } else if (a.isRegularFile() && underPrefix && afterIt) {
                    keys.add(key);
                }
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException gone) {
            // not there (nothing written under it yet, or deleted meanwhile): no keys
        }
    }

    @Override
    public long size(String key) throws IOException {
        Path p = resolve(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(p.toString());
        }
        return Files.size(p);
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        pending.forget(key);
        if (Files.deleteIfExists(p) && durable) {
            Durability.syncDirectory(p.getParent());
        }
    }

    @Override
    public java.time.Instant lastModified(String key) throws IOException {
        return FileTree.changed(resolve(key));
    }

    @Override
    public List<Debris> debris() throws IOException {
        return FileTree.debris(root);
    }

    @Override
    public void deleteDebris(String name) throws IOException {
        FileTree.delete(root, name);
    }

    @Override
    public long usableSpace() throws IOException {
        Path p = existingAncestor();
        return p == null ? -1 : Files.getFileStore(p).getUsableSpace();
    }

    @Override
    public long totalSpace() throws IOException {
        Path p = existingAncestor();
        return p == null ? -1 : Files.getFileStore(p).getTotalSpace();
    }

    private Path existingAncestor() {
        Path p = root;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public String toString() {
        return "FileStorage[" + root + "]";
    }

    private Path resolve(String key) {
        Keys.checkKey(key);
        return root.resolve(key);
    }

    private Path newTemp(Path target) throws IOException {
        pending.createDirectories(target.getParent());
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + HexFormat.of().formatHex(randomBytes()));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private Path writeTemp(Path target, byte[] data) throws IOException {
        return writeTemp(target, data, durable);
    }

    private Path writeTemp(Path target, byte[] data, boolean force) throws IOException {
        Path temp = newTemp(target);
        boolean ok = false;
        try (FileChannel ch = PrivateFiles.createChannel(temp)) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(data);
            out.flush();
            if (force) {
                ch.force(true);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
        return temp;
    }

    /** Publishes a complete temp file under the target name only if none exists, then syncs the directory (durable mode). */
    private boolean linkInto(Path temp, Path target) throws IOException {
        if (!link(temp, target)) {
            return false;
        }
        if (durable) {
            Durability.syncDirectory(target.getParent());
            pending.syncCreatedDirectories();
        }
        return true;
    }

    /**
     * Publishes a complete temp file under the target name only if none exists: a hard link is
     * atomic and fails when the target exists; filesystems without hard links fall back to an
     * existence check plus atomic rename.
     */
    private static boolean link(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileSystemException fse && isSpaceOrAccess(fse)) {
                throw fse;
            }
            if (Files.exists(target)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return true;
    }

    private static boolean isSpaceOrAccess(java.nio.file.FileSystemException e) {
        return e instanceof java.nio.file.AccessDeniedException
                || (e.getReason() != null && e.getReason().contains("No space left"));
    }

    /** A write in progress into a temp file beside its target. */
    private final class FileWriter implements StorageWriter {
        private final String key;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream stream;
        private boolean closed;

        FileWriter(String key, Path target, Path temp, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.stream = Channels.newOutputStream(channel);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public void commit() throws IOException {
            if (closed) {
                throw new IOException("write of " + target + " was already closed");
            }
            if (durable) {
                channel.force(true);
            }
            channel.close();
            if (!linkInto(temp, target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "object exists already (write-once)");
            }
            close();
        }

        @Override
        public void publish() throws IOException {
            if (closed) {
                throw new IOException("write of " + target + " was already closed");
            }
            if (!durable) {
                commit();
                return;
            }
            if (!link(temp, target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "object exists already (write-once)");
            }
            closed = true;
            Files.deleteIfExists(temp); // the open channel still reaches the data, under its final name
            pending.syncInBackground(key, channel);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
