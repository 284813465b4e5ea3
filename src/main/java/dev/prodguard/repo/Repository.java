package dev.prodguard.repo;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

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
 * The on-disk format is documented in docs/repository-format.md.
 */
public final class Repository implements AutoCloseable {
    static final String DATA = "data/";
    static final String MANIFESTS = "manifests/";
    static final String MANIFEST_SUFFIX = ".manifest";
    static final String RECORDS = "records/";
    static final String RECORD_SUFFIX = ".record";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Storage storage;
    private final RepositoryDescriptor descriptor;
    private final RepoKeys keys;
    /** Objects committed (visible) but not yet known durable; every manifest waits for them first. */
    private final java.util.Set<String> unsynced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Objects whose first whole copy is not the primary's ({@link Storage#copies()}), found by {@link #checkStored}. */
    private final java.util.Map<String, Integer> wholeCopy = new java.util.concurrent.ConcurrentHashMap<>();

    private Repository(Storage storage, RepositoryDescriptor descriptor, RepoKeys keys) {
        this.storage = storage;
        this.descriptor = descriptor;
        this.keys = keys;
    }

    /**
     * Parameters fixed when a repository is created; tests use small chunks and a cheap KDF.
     *
     * @param kdfIterations Argon2id passes (or PBKDF2 iterations when {@code kdfMemoryKiB} is 0)
     * @param kdfMemoryKiB Argon2id memory in KiB; 0 chooses PBKDF2-HMAC-SHA256 (as before Argon2id)
     */
    public record CreateOptions(int zstdLevel, int chunkSize, int kdfIterations, int kdfMemoryKiB) {
        /** Argon2id's cost for new repositories: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommendation, one lane). */
        public static final int ARGON2_MEMORY_KIB = 64 * 1024;
        public static final int ARGON2_ITERATIONS = 3;

        /** PBKDF2 with {@code kdfIterations} (the form older tests and benches use). */
        public CreateOptions(int zstdLevel, int chunkSize, int kdfIterations) {
            this(zstdLevel, chunkSize, kdfIterations, 0);
        }

        /** zstd level 1 (fastest standard level: a snapshot must keep up with the cursor), 1 MiB encryption chunks, Argon2id 64 MiB × 3. */
        public static CreateOptions defaults() {
            return new CreateOptions(1, 1024 * 1024, ARGON2_ITERATIONS, ARGON2_MEMORY_KIB);
        }
    }

    /**
     * Opens an existing repository. {@code key} is the passphrase (null when none was given).
     *
     * @throws dev.prodguard.error.ProdguardException REPOSITORY when missing, damaged or of a newer
     *     format; KEY when encrypted and the key is missing or wrong; STORAGE when unreadable
     */
    public static Repository open(Storage storage, char[] key) {
        RepositoryDescriptor d = readDescriptor(storage);
        if (d == null) {
            throw ProdguardException.repository("no backup repository at " + storage.describe() + " (no "
                    + RepositoryDescriptor.KEY + "); run `prodguard backup` to create one there, or set"
                    + " PRODGUARD_REPO to the repository's path");
        }
        return new Repository(storage, d, DescriptorGuard.unlock(storage, d, key));
    }

    /** Creates the repository when the storage holds none (encrypted iff a key is given), else opens it. */
    public static Repository openOrCreate(Storage storage, char[] key) {
        return openOrCreate(storage, key, CreateOptions.defaults());
    }

    /** Like {@link #openOrCreate(Storage, char[])} with explicit creation parameters. */
    public static Repository openOrCreate(Storage storage, char[] key, CreateOptions options) {
        RepositoryDescriptor d = readDescriptor(storage);
        if (d == null) {
            refuseNonEmpty(storage);
            RepositoryDescriptor.Encryption enc = null;
            RepoKeys k = null;
            if (key != null) {
                DescriptorGuard.checkNewPassphrase(key);
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                boolean argon = options.kdfMemoryKiB() > 0;
                RepositoryDescriptor.Encryption params = new RepositoryDescriptor.Encryption(options.chunkSize(),
                        argon ? RepoKeys.ARGON2ID : RepoKeys.KDF, options.kdfIterations(), options.kdfMemoryKiB(),
                        argon ? 1 : 0, salt, new byte[0]);
                k = RepoKeys.derive(key, params);
                enc = new RepositoryDescriptor.Encryption(params.chunkSize(), params.kdf(), params.iterations(),
                        params.memoryKiB(), params.parallelism(), salt, k.keyCheck());
            }
            RepositoryDescriptor fresh = new RepositoryDescriptor(
                    enc == null ? RepositoryDescriptor.VERSION_1 : enc.formatVersion(),
                    UUID.randomUUID().toString(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    "prodguard " + version(), options.zstdLevel(), enc, null);
            if (k != null) {
                fresh = fresh.withMac(k.descriptorMac(fresh.canonical()));
            }
            try {
                storage.putIfAbsent(RepositoryDescriptor.KEY, fresh.toJson());
            } catch (IOException e) {
                throw StorageErrors.write(storage, RepositoryDescriptor.KEY, e);
            }
            d = readDescriptor(storage); // whoever won a creation race, everyone uses the stored one
            if (d == null) {
                throw new ProdguardException(ErrorCode.STORAGE, "created the backup repository descriptor at "
                        + storage.describe() + " but cannot read it back; check the storage");
            }
        }
        RepoKeys keys = DescriptorGuard.unlock(storage, d, key);
        if (keys != null && d.mac() == null) { // written before descriptors were authenticated: add the code now
            DescriptorGuard.upgrade(storage, d, keys);
        }
        return new Repository(storage, d, keys);
    }

    static RepositoryDescriptor readDescriptor(Storage storage) {
        byte[] bytes;
        try (InputStream in = storage.get(RepositoryDescriptor.KEY)) {
            bytes = in.readNBytes(1024 * 1024);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException fse && "Not a directory".equals(fse.getReason())) {
                return null;
            }
            throw StorageErrors.read(storage, RepositoryDescriptor.KEY, e);
        }
        return RepositoryDescriptor.parse(bytes, storage.describe());
    }

    private static void refuseNonEmpty(Storage storage) {
        List<String> existing;
        try {
            existing = storage.list("");
        } catch (IOException e) {
            throw StorageErrors.read(storage, "", e);
        }
        if (!existing.isEmpty()) {
            throw ProdguardException.repository(storage.describe() + " is not empty but holds no backup repository"
                    + " (no " + RepositoryDescriptor.KEY + ", " + existing.size() + " other files); set PRODGUARD_REPO"
                    + " to an empty or new directory");
        }
    }

    private static String version() {
        String v = Repository.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Whether data and manifests are encrypted. */
    public boolean encrypted() {
        return keys != null;
    }

    /** Where the repository is, for messages. */
    public String location() {
        return storage.describe();
    }

    /** The repository's unique id (stable for its lifetime). */
    public String id() {
        return descriptor.id();
    }

    /** The repository's format version (from its descriptor). */
    public int formatVersion() {
        return descriptor.formatVersion();
    }

    /** The storage under this repository (for free-space checks and tests). */
    public Storage storage() {
        return storage;
    }

    /** Starts a new data object under {@code prefix} (e.g. "snapshots/&lt;id&gt;/"); the key is chosen here. */
    public ObjectWriter newObject(String prefix) {
        Keys.checkPrefix(prefix);
        byte[] r = new byte[12];
        RANDOM.nextBytes(r);
        String key = DATA + prefix + HexFormat.of().formatHex(r) + (keys == null ? ".zst" : ".zst.aes");
        Keys.checkKey(key);
        int chunk = descriptor.encryption() == null ? 0 : descriptor.encryption().chunkSize();
        return new RepoObjectWriter(storage, key, keys, chunk, descriptor.zstdLevel(), unsynced::add);
    }

    /**
     * The durability barrier: returns once every data object committed through this repository so
     * far would survive a machine crash. {@link #writeManifest} and {@link #putRecord} call it
     * first, so a commit point never becomes visible before the objects it names are durable.
     */
    public void sync() {
        if (unsynced.isEmpty()) {
            return;
        }
        List<String> batch = new ArrayList<>(unsynced);
        try {
            storage.barrier(batch);
        } catch (IOException e) {
            throw StorageErrors.write(storage, "data objects (" + batch.size() + ")", e);
        }
        batch.forEach(unsynced::remove);
    }

    /**
     * Opens an object's plain bytes (decrypted, decompressed). Integrity is checked as it is read:
     * reaching the end of a damaged object throws REPOSITORY naming it.
     */
    public InputStream openObject(ObjectRef ref) {
        checkRef(ref);
        InputStream in;
        Storage copy = storage.copies().get(wholeCopy.getOrDefault(ref.key(), 0));
        try {
            in = copy.get(ref.key());
        } catch (IOException e) {
            throw StorageErrors.read(storage, ref.key(), e);
        }
        return new java.io.BufferedInputStream(new VerifyingInputStream(in, ref, keys, storage.describe()), 64 * 1024);
    }

    /** Reads an object fully and checks hash, size and authentication; throws REPOSITORY naming it. */
    public void verifyObject(ObjectRef ref) {
        checkRef(ref);
        long size;
        try {
            size = storage.size(ref.key());
        } catch (IOException e) {
            throw StorageErrors.read(storage, ref.key(), e);
        }
        if (size != ref.storedBytes()) {
            throw ProdguardException.repository("object " + ref.key() + " in the backup repository at " + location()
                    + " is damaged: its size is " + size + " bytes but its manifest records " + ref.storedBytes()
                    + " (truncated or extended)");
        }
        try (InputStream in = openObject(ref)) {
            byte[] buf = new byte[64 * 1024];
            while (in.read(buf) >= 0) {
                // every read checks; the end checks the hash
            }
        } catch (IOException e) {
            throw StorageErrors.read(storage, ref.key(), e);
        }
    }

    /**
     * Checks that an object's stored bytes are exactly the ones its manifest recorded (size and
     * SHA-256 of the stored form), without decrypting or decompressing: cheap enough to run over
     * every object before a restore writes anything. Throws REPOSITORY naming it. Reading the
     * object with {@link #openObject} still checks everything again while streaming.
     */
    public void checkStored(ObjectRef ref) {
        checkRef(ref);
        List<Storage> copies = storage.copies();
        ProdguardException first = null;
        for (int i = 0; i < copies.size(); i++) {
            try {
                checkStored(copies.get(i), ref);
                if (i > 0) {
                    wholeCopy.put(ref.key(), i); // the primary's copy is damaged or missing: read this one
                }
                return;
            } catch (ProdguardException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private void checkStored(Storage copy, ObjectRef ref) {
        java.security.MessageDigest sha = HashingStreams.sha256();
        long size = 0;
        try (InputStream in = copy.get(ref.key())) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
                size += n;
                if (size > ref.storedBytes()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw StorageErrors.read(copy, ref.key(), e);
        }
        String why = null;
        if (size != ref.storedBytes()) {
            why = "its size is " + (size > ref.storedBytes() ? "more than " : "") + size + " bytes but its manifest records "
                    + ref.storedBytes() + " (truncated or extended)";
        } else {
            String hex = HashingStreams.hex(sha.digest());
            if (!hex.equalsIgnoreCase(ref.sha256())) {
                why = "its SHA-256 is " + hex + " but its manifest records " + ref.sha256();
            }
        }
        if (why != null) {
            throw ProdguardException.repository("object " + ref.key() + " in the backup repository at " + copy.describe()
                    + " is damaged: " + why + "; it cannot be trusted (run `prodguard verify` for a full report)");
        }
    }

    private static void checkRef(ObjectRef ref) {
        if (ref == null || ref.key() == null || !ref.key().startsWith(DATA)) {
            throw new IllegalArgumentException("not a data object reference: " + ref);
        }
        Keys.checkKey(ref.key());
    }

    /** Deletes a data object (retention only, after the manifests that name it are gone). */
    public void deleteObject(ObjectRef ref) {
        checkRef(ref);
        unsynced.remove(ref.key());
        try {
            storage.delete(ref.key());
        } catch (IOException e) {
            throw StorageErrors.write(storage, ref.key(), e);
        }
    }

    /**
     * Writes a manifest (the commit point of whatever it describes); write-once per kind and id.
     * It becomes visible only after every object committed through this repository is durable,
     * so write it through the same {@code Repository} instance that committed the objects it names.
     */
    public void writeManifest(String kind, String id, byte[] json) {
        String key = manifestKey(kind, id);
        List<String> objects = new ArrayList<>(unsynced);
        boolean written;
        try {
            written = storage.putIfAbsentAfter(objects, key, Envelope.seal(json, keys, chunkSize(), key));
        } catch (IOException e) {
            throw StorageErrors.write(storage, key, e);
        }
        objects.forEach(unsynced::remove);
        if (!written) {
            throw ProdguardException.repository("manifest " + key + " already exists in the backup repository at "
                    + location() + "; manifests are write-once (choose a new id)");
        }
    }

    /**
     * The ids of up to {@code max} manifests of {@code kind} whose id starts with {@code idPrefix} and sorts after
     * {@code afterId}, in the storage's key order: what was committed since, without listing the history before it.
     */
    public List<String> listManifestsAfter(String kind, String idPrefix, String afterId, int max) {
        String prefix = MANIFESTS + Keys.checkName("manifest kind", kind) + "/";
        try {
            return manifestIds(prefix, storage.listAfter(prefix + idPrefix, manifestKey(kind, afterId), max));
        } catch (IOException e) {
            throw StorageErrors.read(storage, prefix, e);
        }
    }

    /** Ids of the committed manifests of a kind ("snapshot", "segment", ...), sorted ascending. */
    public List<String> listManifests(String kind) {
        String prefix = MANIFESTS + Keys.checkName("manifest kind", kind) + "/";
        try {
            List<String> ids = manifestIds(prefix, storage.list(prefix));
            ids.sort(null); // "a" before "a-b", whose key sorts first ('-' before '.manifest')
            return ids;
        } catch (IOException e) {
            throw StorageErrors.read(storage, prefix, e);
        }
    }

    /** The manifest ids of storage keys under {@code prefix}, in their order (anything else there, e.g. in a sub-folder, is no manifest). */
    private static List<String> manifestIds(String prefix, List<String> keys) {
        List<String> ids = new ArrayList<>();
        for (String k : keys) {
            String rest = k.substring(prefix.length());
            if (rest.endsWith(MANIFEST_SUFFIX) && rest.indexOf('/') < 0) {
                ids.add(rest.substring(0, rest.length() - MANIFEST_SUFFIX.length()));
            }
        }
        return ids;
    }

    /** A manifest's JSON bytes, integrity-checked. @throws dev.prodguard.error.ProdguardException REPOSITORY */
    public byte[] readManifest(String kind, String id) {
        return readEnvelope(manifestKey(kind, id), "manifest", false);
    }

    /** Deletes a manifest (retention; do this before deleting the objects it names). */
    public void deleteManifest(String kind, String id) {
        String key = manifestKey(kind, id);
        try {
            storage.delete(key);
        } catch (IOException e) {
            throw StorageErrors.write(storage, key, e);
        }
    }

    /** Writes a small mutable record (e.g. "verify/last"), replacing any previous one. */
    public void putRecord(String name, byte[] json) {
        String key = recordKey(name);
        sync();
        try {
            storage.overwrite(key, Envelope.seal(json, keys, chunkSize(), key));
        } catch (IOException e) {
            throw StorageErrors.write(storage, key, e);
        }
    }

    /** Reads a small mutable record, or null when absent. */
    public byte[] getRecord(String name) {
        return readEnvelope(recordKey(name), "record", true);
    }

    /** Deletes a record; deleting a missing one is not an error. */
    public void deleteRecord(String name) {
        String key = recordKey(name);
        try {
            storage.delete(key);
        } catch (IOException e) {
            throw StorageErrors.write(storage, key, e);
        }
    }

    /**
     * A manifest or record, from the first copy that holds it whole ({@link Storage#copies()}). When the primary
     * answers that the key is absent, a mirror that cannot be asked (away, damaged) does not turn that answer into an
     * error: the primary decides, the mirror is only the fallback for what the primary lost (a backup while the
     * mirror is away asks for records no one has written yet).
     */
    private byte[] readEnvelope(String key, String what, boolean missingIsNull) {
        List<Storage> copies = storage.copies();
        RuntimeException first = null;
        boolean primaryAbsent = false;
        for (int i = 0; i < copies.size(); i++) {
            try {
                byte[] b = readEnvelope(copies.get(i), key, what, missingIsNull);
                if (b != null || copies.size() == 1) {
                    return b;
                }
                primaryAbsent |= i == 0;
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null && !primaryAbsent) {
            throw first;
        }
        return null;
    }

    private byte[] readEnvelope(Storage copy, String key, String what, boolean missingIsNull) {
        byte[] stored;
        try (InputStream in = copy.get(key)) {
            stored = in.readNBytes(Envelope.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            if (missingIsNull) {
                return null;
            }
            throw ProdguardException.repository(what + " " + key + " is missing from the backup repository at "
                    + location());
        } catch (IOException e) {
            throw StorageErrors.read(copy, key, e);
        }
        try {
            return Envelope.open(stored, keys, key);
        } catch (IOException e) {
            throw ProdguardException.repository(what + " " + key + " in the backup repository at " + copy.describe()
                    + " is damaged: " + e.getMessage() + "; run `prodguard verify` for a full report");
        }
    }

    private int chunkSize() {
        return descriptor.encryption() == null ? 0 : descriptor.encryption().chunkSize();
    }

    /** The storage key of a manifest (for what must act on stored keys: Object Lock retention). */
    public static String manifestStorageKey(String kind, String id) {
        return manifestKey(kind, id);
    }

    static String manifestKey(String kind, String id) {
        return MANIFESTS + Keys.checkName("manifest kind", kind) + "/" + Keys.checkName("manifest id", id)
                + MANIFEST_SUFFIX;
    }

    static String recordKey(String name) {
        return RECORDS + Keys.checkPath("record name", name) + RECORD_SUFFIX;
    }

    /**
     * Takes the operation lock for a scope ("repo": backup and prune; "capture:&lt;db&gt;") so that they
     * never overlap (restores lock their target database instead). A holder whose lock file has not
     * changed for {@code staleAfter}, as seen here, is taken over with a warning.
     *
     * @throws dev.prodguard.error.ProdguardException LOCKED naming the holder (operation, host, pid, since)
     */
    public OperationLock lock(String scope, String operation, Duration staleAfter, Clock clock) {
        return RepoLock.acquire(storage, scope, operation, staleAfter, clock);
    }

    /** The current holder of a scope's lock, or null when it is free (or unreadable). */
    public LockInfo lockInfo(String scope) {
        String key = RepoLock.lockKey(scope);
        try (InputStream in = storage.get(key)) {
            LockHolder h = LockHolder.parse(in.readNBytes(64 * 1024));
            return h == null ? null : new LockInfo(h.scope(), h.operation(), h.host(), h.pid(), h.started(), h.heartbeat());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw StorageErrors.read(storage, key, e);
        }
    }

    /**
     * Keys of the committed data objects under {@code prefix} (as given to {@link #newObject}),
     * sorted; for verify and retention to find objects no manifest names.
     */
    public List<String> listObjects(String prefix) {
        Keys.checkPrefix(prefix);
        try {
            return storage.list(DATA + prefix);
        } catch (IOException e) {
            throw StorageErrors.read(storage, DATA + prefix, e);
        }
    }

    @Override
    public void close() {}
}
