package dev.prodguard.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What {@link FileStorage} still owes the disk: background fsyncs of published objects (by key)
 * and directories it created whose entry in their parent is not yet durable. A failed fsync stays
 * failed: every later barrier over that key fails too, because a second fsync may report success
 * for data the kernel already dropped.
 */
final class Durability {
    /** Shared by every FileStorage; idle threads exit, so a process with no writes holds none. */
    private static final ThreadPoolExecutor SYNCER = new ThreadPoolExecutor(4, 4, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "prodguard-fsync");
                t.setDaemon(true);
                return t;
            });

    static {
        SYNCER.allowCoreThreadTimeOut(true);
    }

    private final ConcurrentHashMap<String, CompletableFuture<Void>> syncs = new ConcurrentHashMap<>();
    private final Set<Path> createdDirs = ConcurrentHashMap.newKeySet();

    /** Creates a directory and its missing parents, remembering which ones are new. */
    void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        dev.prodguard.config.PrivateFiles.createDirectories(dir);
        createdDirs.addAll(missing);
    }

    /** Fsyncs a published object's data through its still open channel, then closes the channel. */
    void syncInBackground(String key, FileChannel channel) {
        syncs.put(key, CompletableFuture.runAsync(() -> {
            try (channel) {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, SYNCER));
    }

    /**
     * Returns once the objects' data (background fsyncs, or an fsync here for objects published by
     * another process), their directories, the parents of directories created so far, and the
     * files in {@code alsoForce} are durable. All of it runs in parallel, so one journal commit
     * can serve many fsyncs. @throws IOException naming the first object whose fsync failed
     */
    void barrier(Map<String, Path> objects, List<Path> alsoForce) throws IOException {
        Map<String, CompletableFuture<Void>> waits = new LinkedHashMap<>();
        Set<Path> dirs = new LinkedHashSet<>();
        for (Map.Entry<String, Path> o : objects.entrySet()) {
            CompletableFuture<Void> f = syncs.get(o.getKey());
            waits.put(o.getKey(), f != null ? f : run(() -> forceFile(o.getValue())));
            dirs.add(o.getValue().getParent());
        }
        List<Path> created = new ArrayList<>(createdDirs);
        for (Path d : created) {
            if (d.getParent() != null) {
                dirs.add(d.getParent());
            }
        }
        List<CompletableFuture<Void>> others = new ArrayList<>();
        dirs.forEach(d -> others.add(run(() -> syncDirectory(d))));
        alsoForce.forEach(p -> others.add(run(() -> forceFile(p))));
        IOException failure = null;
        for (Map.Entry<String, CompletableFuture<Void>> w : waits.entrySet()) {
            try {
                join(w.getValue());
                syncs.remove(w.getKey(), w.getValue()); // a failed fsync stays recorded
            } catch (IOException e) {
                if (failure == null) {
                    failure = named(objects.get(w.getKey()), e);
                }
            }
        }
        for (CompletableFuture<Void> f : others) {
            try {
                join(f);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        created.forEach(createdDirs::remove);
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private static CompletableFuture<Void> run(IoTask task) {
        return CompletableFuture.runAsync(() -> {
            try {
                task.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, SYNCER);
    }

    private static void join(CompletableFuture<Void> f) throws IOException {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    private static IOException named(Path file, IOException e) {
        java.nio.file.FileSystemException named = new java.nio.file.FileSystemException(file.toString(), null,
                "fsync failed: " + StorageErrors.describe(e));
        named.initCause(e);
        return named;
    }

    /** The object is gone (deleted): nothing to wait for. */
    void forget(String key) {
        syncs.remove(key);
    }

    /** Fsyncs the parent of every directory created so far, so that their names are durable. */
    void syncCreatedDirectories() {
        if (createdDirs.isEmpty()) {
            return;
        }
        List<Path> created = new ArrayList<>(createdDirs);
        Set<Path> parents = new LinkedHashSet<>();
        for (Path d : created) {
            if (d.getParent() != null) {
                parents.add(d.getParent());
            }
        }
        for (Path p : parents) {
            syncDirectory(p);
        }
        created.forEach(createdDirs::remove);
    }

    private static void forceFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // deleted meanwhile: nothing left to make durable
        }
    }

    /** Fsyncs a directory, so that names linked, renamed or deleted in it survive a crash. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some platforms cannot open a directory; the rename itself is still atomic
        }
    }
}
