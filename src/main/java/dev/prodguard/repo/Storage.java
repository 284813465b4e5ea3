package dev.prodguard.repo;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * The storage seam under a backup repository: a flat namespace of keys ("a/b/c", '/'-separated,
 * no leading '/'). {@link FileStorage} keeps it in a directory, {@code s3.S3Storage} in an S3-compatible bucket,
 * {@code MirroredStorage} in two of them.
 * Implementations know nothing of MongoDB, compression or encryption.
 */
public interface Storage {
    /** Starts a write-once object; it becomes visible only when {@link StorageWriter#commit()} succeeds. */
    StorageWriter create(String key) throws IOException;

    /** Writes small bytes under a key only if the key does not exist yet; returns false if it did. */
    boolean putIfAbsent(String key, byte[] data) throws IOException;

    /** Replaces a small mutable object (lock, heartbeat) atomically: readers see old or new, never half. */
    void overwrite(String key, byte[] data) throws IOException;

    /** Opens an object for reading. @throws java.nio.file.NoSuchFileException when it does not exist */
    InputStream get(String key) throws IOException;

    /** Whether a committed object exists under the key. */
    boolean exists(String key) throws IOException;

    /** Committed keys that start with the prefix, sorted; never debris of uncommitted writes. */
    List<String> list(String prefix) throws IOException;

    /**
     * At most {@code max} of the committed keys that start with the prefix, sorted; which ones is the storage's choice
     * (the first in key order where a listing comes in pages, as on S3: one request). For questions that any few keys
     * answer, so that their cost does not grow with the history the repository holds.
     */
    default List<String> listSome(String prefix, int max) throws IOException {
        List<String> all = list(prefix);
        return all.size() <= max ? all : List.copyOf(all.subList(0, max));
    }

    /**
     * The first {@code max} committed keys, in key order, that start with {@code prefix} and sort after {@code after}:
     * what is new since a key, without listing what came before it (on S3 one request, {@code StartAfter}).
     */
    default List<String> listAfter(String prefix, String after, int max) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String k : list(prefix)) {
            if (k.compareTo(after) > 0 && out.size() < max) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * How many reads of small objects (manifests) are worth running at once: where each read waits for a round trip
     * (object storage) many more than the machine has cores; on a local disk, where a read is mostly the reader's own
     * work, one per core ({@link FileStorage}).
     */
    default int readConcurrency() {
        return 16;
    }

    /**
     * Whether a read is mostly the reader's own work (a local disk, the page cache) rather than a wait for a round trip
     * (object storage): restore's pre-check then lets one thread check the first objects alone.
     */
    default boolean readsAreLocal() {
        return false;
    }

    /** Size in bytes of a committed object. @throws java.nio.file.NoSuchFileException when absent */
    long size(String key) throws IOException;

    /** Deletes an object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;

    /**
     * When the object under the key last changed, by the storage's own clock (a file's modification time,
     * never later than its status-change time, which no tool can set). @throws java.nio.file.NoSuchFileException when absent
     */
    Instant lastModified(String key) throws IOException;

    /**
     * Leftovers of interrupted writes, which {@link #list} never shows (a file backend's temp files), each with
     * its size and {@link #lastModified} time; none on backends whose writes appear whole or not at all.
     */
    default List<Debris> debris() throws IOException {
        return List.of();
    }

    /** Deletes one leftover {@link #debris} listed; a missing one is not an error. */
    default void deleteDebris(String name) throws IOException {
        throw new IOException(describe() + " has no debris to delete: " + name);
    }

    /** A leftover of an interrupted write: its path under the storage root, size and last change. */
    record Debris(String name, long bytes, Instant lastModified) {}

    /**
     * Until when the store refuses to delete or overwrite the object (S3 Object Lock retention), or null when
     * nothing holds it (always null on backends without such a lock). @throws IOException when it cannot be read
     */
    default Instant retainedUntil(String key) throws IOException {
        return null;
    }

    /** How long new objects stay locked (S3 Object Lock), or null where writes are not locked. */
    default java.time.Duration objectLockPeriod() {
        return null;
    }

    /** Extends the object's retention to at least {@code until}; a no-op where writes are not locked. */
    default void retainUntil(String key, Instant until) throws IOException {}

    /**
     * The least interval between reads prodguard makes on its own initiative to notice changes (the guardian's
     * watchers): zero on local storage; object storage bills every request, so an idle guardian must not poll it
     * several times a second.
     */
    default java.time.Duration pollEvery() {
        return java.time.Duration.ZERO;
    }

    /**
     * The least interval between writes that only say "still nothing changed" (the capture tip of an idle
     * database): zero on local storage; longer where every write is billed (the restorable window of an idle
     * database then trails by at most this much; any real change is committed at the commit interval).
     */
    default java.time.Duration idleWriteEvery() {
        return java.time.Duration.ZERO;
    }

    /**
     * The places that hold a copy of every key, first the one that decides (a mirrored repository: the primary, then
     * the mirror); readers that find one copy damaged may read another ({@link Repository#checkStored}).
     */
    default List<Storage> copies() {
        return List.of(this);
    }

    /** Health of each place this storage writes to, from the requests it made (empty: not tracked, e.g. a local disk). */
    default List<TargetHealth> health() {
        return List.of();
    }

    /**
     * How one storage target fared lately: {@code failingSince} is when requests to it started failing (null while
     * they succeed), {@code lastError} the last failure in one line.
     */
    record TargetHealth(String target, Instant failingSince, String lastError, Instant lastOk) {}

    /** Bytes still available for writing, or -1 when the backend cannot tell. */
    long usableSpace() throws IOException;

    /** Total bytes of the volume holding the storage, or -1 when the backend cannot tell (object storage). */
    default long totalSpace() throws IOException {
        return -1;
    }

    /** Where this storage is, for messages (a path or bucket URL, never a credential). */
    String describe();

    /**
     * The durability barrier: returns once every key given (objects made visible with
     * {@link StorageWriter#publish()}) and its name would survive a machine crash. A commit point
     * (a manifest) that names objects is written only after a barrier over them. A key deleted
     * meanwhile is skipped. Backends whose writes are durable when they return (object storage)
     * need not do anything.
     */
    default void barrier(java.util.Collection<String> keys) throws IOException {}

    /**
     * {@link #putIfAbsent} for a commit point: the key becomes visible only after a
     * {@link #barrier} over {@code after} (the objects it names); a backend may overlap the two.
     */
    default boolean putIfAbsentAfter(java.util.Collection<String> after, String key, byte[] data) throws IOException {
        barrier(after);
        return putIfAbsent(key, data);
    }

    /**
     * The same keys for coordination files that need not survive a machine crash (operation
     * locks: after a crash their holder is gone, and an empty or missing lock is taken over
     * anyway): writes may skip fsync. Backends without such a cost return themselves.
     */
    default Storage forLocks() {
        return this;
    }

    /** A write in progress: an OutputStream plus an atomic commit. Closing without commit discards it. */
    interface StorageWriter extends AutoCloseable {
        java.io.OutputStream stream();

        /** Makes the object visible under its key, atomically, and durable. @throws IOException if it exists already */
        void commit() throws IOException;

        /**
         * Makes the object visible under its key, atomically, but durable only once a
         * {@link Storage#barrier} over its key returned (the filesystem syncs it in the background
         * meanwhile). @throws IOException if it exists already
         */
        default void publish() throws IOException {
            commit();
        }

        /** Discards the write unless committed. */
        @Override
        void close() throws IOException;
    }
}
