package dev.prodguard.repo;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A backup repository: a descriptor (format version, encryption parameters), write-once data
 * objects, and manifests written last as commit points. Knows BSON only as bytes. Thread-safe.
 *
 * <p>Contracts every caller relies on:
 * <ul>
 *   <li>An object or manifest is either absent or complete; a crash leaves only ignorable debris.</li>
 *   <li>Reading an object that was altered, truncated or deleted throws {@code ProdguardException}
 *       (REPOSITORY) naming the object key; it never returns partial or wrong bytes silently.</li>
 *   <li>A wrong or missing key throws {@code ProdguardException} (KEY); never garbage.</li>
 * </ul>
 */
public final class Repository implements AutoCloseable {
    private Repository() {}

    /**
     * Opens an existing repository. {@code key} is the passphrase (null when none was given).
     *
     * @throws dev.prodguard.error.ProdguardException REPOSITORY when missing, damaged or of a newer
     *     format; KEY when encrypted and the key is missing or wrong; STORAGE when unreadable
     */
    public static Repository open(Storage storage, char[] key) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Creates the repository when the storage holds none (encrypted iff a key is given), else opens it. */
    public static Repository openOrCreate(Storage storage, char[] key) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Whether data and manifests are encrypted. */
    public boolean encrypted() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Where the repository is, for messages. */
    public String location() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The repository's unique id (stable for its lifetime). */
    public String id() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Starts a new data object under {@code prefix} (e.g. "snapshots/&lt;id&gt;/"); the key is chosen here. */
    public ObjectWriter newObject(String prefix) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Opens an object's plain bytes (decrypted, decompressed). Integrity is checked as it is read:
     * reaching the end of a damaged object throws REPOSITORY naming it.
     */
    public InputStream openObject(ObjectRef ref) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Reads an object fully and checks hash, size and authentication; throws REPOSITORY naming it. */
    public void verifyObject(ObjectRef ref) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Deletes a data object (retention only, after the manifests that name it are gone). */
    public void deleteObject(ObjectRef ref) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Writes a manifest (the commit point of whatever it describes); write-once per kind and id. */
    public void writeManifest(String kind, String id, byte[] json) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Ids of the committed manifests of a kind ("snapshot", "segment", ...), sorted ascending. */
    public List<String> listManifests(String kind) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** A manifest's JSON bytes, integrity-checked. @throws dev.prodguard.error.ProdguardException REPOSITORY */
    public byte[] readManifest(String kind, String id) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Deletes a manifest (retention; do this before deleting the objects it names). */
    public void deleteManifest(String kind, String id) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Writes a small mutable record (e.g. "verify/last"), replacing any previous one. */
    public void putRecord(String name, byte[] json) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Reads a small mutable record, or null when absent. */
    public byte[] getRecord(String name) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Takes the operation lock for a scope (e.g. "repo", or "target:&lt;db&gt;") so that backup,
     * capture, restore and prune never overlap. A holder whose heartbeat is older than
     * {@code staleAfter} is taken over with a warning.
     *
     * @throws dev.prodguard.error.ProdguardException LOCKED naming the holder (operation, host, pid, since)
     */
    public OperationLock lock(String scope, String operation, Duration staleAfter, Clock clock) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void close() {}
}
