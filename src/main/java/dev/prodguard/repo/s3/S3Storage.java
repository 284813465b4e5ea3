package dev.prodguard.repo.s3;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;

/**
 * {@link Storage} on an S3-compatible bucket under a prefix. One PUT is atomic, so there are no temp objects
 * and no debris: {@code create}+{@code commit} is one PUT (a multipart upload above 8 MiB, aborted on failure),
 * {@code putIfAbsent} a PUT with {@code If-None-Match: *} (412: it exists), {@code overwrite} a plain PUT,
 * {@code lastModified} the store's {@code Last-Modified}. Writes are durable when they return, so the barrier
 * is a no-op. With Object Lock, write-once objects get a retention date ({@link #retainUntil}); lock files
 * ({@link #forLocks}) and records (overwritten) never do.
 */
public final class S3Storage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
    /** How long the conditional-write fallback waits before reading a lock file back. */
    static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(1);
    /** See {@link #pollEvery()}. */
    public static final java.time.Duration POLL_EVERY = java.time.Duration.ofSeconds(5);
    /** See {@link #idleWriteEvery()}. */
    public static final java.time.Duration IDLE_WRITE_EVERY = java.time.Duration.ofSeconds(30);

    private final S3Client s3;
    private final S3Location location;
    private final S3Options options;
    private final RequestMeter meter;
    private final java.time.Clock clock;
    private final boolean lockWrites;
    /** The lock-file view: the fallback waits {@link #SETTLE} before reading back, so racing takers see one winner. */
    private final boolean coordination;
    /** False once the provider answered NotImplemented to If-None-Match (AUTO mode), shared with {@link #forLocks}. */
    private final AtomicBoolean conditionalWorks;

    public S3Storage(S3Client s3, S3Location location, S3Options options, RequestMeter meter, java.time.Clock clock) {
        this(s3, location, options, meter, clock, options.lockMode() != S3Options.LockMode.OFF, false,
                new AtomicBoolean(options.conditional() != S3Options.Conditional.OFF));
    }

    private S3Storage(S3Client s3, S3Location location, S3Options options, RequestMeter meter, java.time.Clock clock,
            boolean lockWrites, boolean coordination, AtomicBoolean conditionalWorks) {
        this.s3 = s3;
        this.location = location;
        this.options = options;
        this.meter = meter;
        this.clock = clock;
        this.lockWrites = lockWrites;
        this.coordination = coordination;
        this.conditionalWorks = conditionalWorks;
    }

    /** The bucket and prefix. */
    public S3Location location() {
        return location;
    }

    /** The options this storage was built with. */
    public S3Options options() {
        return options;
    }

    /** Requests and bytes this process sent to the store. */
    public RequestMeter meter() {
        return meter;
    }

    /** The client (doctor's probes use it directly). */
    public S3Client client() {
        return s3;
    }

    /**
     * Lock files: the same bucket, never under Object Lock (they are replaced and deleted all the time), and, in
     * the conditional-write fallback, a pause before the read-back so that racing takers agree on one winner.
     */
    @Override
    public Storage forLocks() {
        return coordination ? this : new S3Storage(s3, location, options, meter, clock, false, true, conditionalWorks);
    }

    @Override
    public StorageWriter create(String key) throws IOException {
        return new S3ObjectWriter(this, key);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        if (conditionalWorks.get()) {
            try {
                return putNew(key, data);
            } catch (ConditionalUnsupported e) {
                if (options.conditional() == S3Options.Conditional.ON) {
                    throw new IOException("the S3 service at " + describe() + " does not implement conditional writes"
                            + " (If-None-Match) and PRODGUARD_S3_CONDITIONAL_WRITES=on; set it to auto or off", e.getCause());
                }
                if (conditionalWorks.compareAndSet(true, false)) {
                    LOG.warn("the S3 service at {} does not implement conditional writes (If-None-Match); prodguard"
                            + " falls back to check, write and read back (see PRODGUARD_S3_CONDITIONAL_WRITES)", describe());
                }
            }
        }
        return putIfAbsentFallback(key, data);
    }

    /**
     * The fallback where the provider has no conditional create: HEAD (exists: false), PUT, then GET and compare
     * (S3 reads are strongly consistent after a write, and the last PUT wins). For lock files the read-back waits
     * {@link #SETTLE} first, so every taker whose HEAD raced reads the same last PUT and exactly one wins; a taker
     * stalled for longer than that between its HEAD and PUT can still replace a fresh lock, which the holder's
     * re-check before every commit point ({@code RepoLock.ensureHeld}) catches. Manifests are written only under a
     * lock, so no two writers choose the same manifest key.
     */
    private boolean putIfAbsentFallback(String key, byte[] data) throws IOException {
        if (exists(key)) {
            return false;
        }
        try {
            put(key, data, null);
        } catch (SdkException e) {
            throw S3Errors.io("PUT", where(key), e);
        }
        if (coordination) {
            try {
                Thread.sleep(SETTLE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while taking " + where(key));
            }
        }
        byte[] back;
        try (InputStream in = get(key)) {
            back = in.readNBytes(data.length + 1);
        }
        return Arrays.equals(back, data);
    }

    /** PUT with If-None-Match: * ; false when the key exists. @throws ConditionalUnsupported on NotImplemented */
    boolean putNew(String key, byte[] data) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                put(key, data, "*");
                return true;
            } catch (SdkException e) {
                if (S3Errors.status(e) == 412) {
                    // a retried PUT whose first attempt was stored but whose answer was lost also gets 412: ours if equal
                    return attempted(e) > 1 && sameBytes(key, data);
                }
                if (S3Errors.status(e) == 409 && attempt < 5) { // a concurrent conditional write is in flight: ask again
                    pauseBeforeRetry(attempt);
                    continue;
                }
                if (S3Errors.notImplemented(e)) {
                    throw new ConditionalUnsupported(e);
                }
                throw S3Errors.io("PUT", where(key), e);
            }
        }
    }

    /** How many attempts the SDK made (1 when unknown). */
    static int attempted(SdkException e) {
        return e.numAttempts() == null ? 1 : e.numAttempts();
    }

    private boolean sameBytes(String key, byte[] data) throws IOException {
        try (InputStream in = get(key)) {
            return Arrays.equals(in.readNBytes(data.length + 1), data);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    private static void pauseBeforeRetry(int attempt) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while retrying a conditional write");
        }
    }

    /**
     * A write-once object whose key nobody else chooses (a data object's random key) where the provider has no
     * conditional writes: HEAD, then PUT (no read-back of the whole object: no other writer can race for the key).
     */
    void putUnique(String key, byte[] data) throws IOException {
        if (exists(key)) {
            throw alreadyExists(where(key));
        }
        try {
            put(key, data, null);
        } catch (SdkException e) {
            throw S3Errors.io("PUT", where(key), e);
        }
    }

    private void put(String key, byte[] data, String ifNoneMatch) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(location.bucket()).key(location.objectKey(key))
                .contentLength((long) data.length);
        if (ifNoneMatch != null) {
            b.ifNoneMatch(ifNoneMatch);
        }
        lockHeaders(b);
        s3.putObject(b.build(), RequestBody.fromBytes(data));
    }

    /** Adds the Object Lock retention of a new write-once object (none for lock files and records). */
    void lockHeaders(PutObjectRequest.Builder b) {
        if (lockWrites) {
            b.objectLockMode(ObjectLockMode.fromValue(options.lockMode().name()))
                    .objectLockRetainUntilDate(retentionForNewObject());
        }
    }

    /** The retention date a new object gets: now plus the lock period (extended later while restore points need it). */
    Instant retentionForNewObject() {
        return clock.instant().plus(options.lockFor()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    boolean lockWrites() {
        return lockWrites;
    }

    @Override
    public void overwrite(String key, byte[] data) throws IOException {
        PutObjectRequest r = PutObjectRequest.builder().bucket(location.bucket()).key(location.objectKey(key))
                .contentLength((long) data.length).build();
        try {
            s3.putObject(r, RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw S3Errors.io("PUT", where(key), e);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        return ResumingInputStream.open(this, key);
    }

    /** GET from {@code offset} (0: the whole object), only while the object still has {@code etag} (when given). */
    InputStream open(String key, long offset, String etag) throws IOException {
        GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(location.bucket()).key(location.objectKey(key));
        if (offset > 0) {
            b.range("bytes=" + offset + "-");
        }
        if (etag != null) {
            b.ifMatch(etag);
        }
        try {
            return s3.getObject(b.build());
        } catch (SdkException e) {
            throw S3Errors.io("GET", where(key), e);
        }
    }

    /** The object's metadata, or null when absent. */
    HeadObjectResponse head(String key) throws IOException {
        try {
            return s3.headObject(HeadObjectRequest.builder().bucket(location.bucket()).key(location.objectKey(key)).build());
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                return null;
            }
            throw S3Errors.io("HEAD", where(key), e);
        }
    }

    private HeadObjectResponse headExisting(String key) throws IOException {
        HeadObjectResponse h = head(key);
        if (h == null) {
            throw new java.nio.file.NoSuchFileException(where(key));
        }
        return h;
    }

    @Override
    public boolean exists(String key) throws IOException {
        return head(key) != null;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            var pages = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket())
                    .prefix(location.objectKey(prefix)).build());
            for (var o : pages.contents()) {
                String key = location.repositoryKey(o.key());
                if (!key.isEmpty() && !key.endsWith("/") && !hidden(key)) {
                    keys.add(key);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.io("LIST", location + "/" + prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    /** One request: the first {@code max} keys in the bucket's (binary) key order, hidden ones left out. */
    @Override
    public List<String> listSome(String prefix, int max) throws IOException {
        return page(prefix, null, max);
    }

    /** One request: {@code StartAfter}, so what came before {@code after} is not listed at all. */
    @Override
    public List<String> listAfter(String prefix, String after, int max) throws IOException {
        return page(prefix, after, max);
    }

    /** One LIST request: up to {@code max} (at most 1,000) keys with {@code prefix} after {@code after} (null: from the start). */
    private List<String> page(String prefix, String after, int max) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            var request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(location.objectKey(prefix))
                    .maxKeys(Math.max(1, Math.min(max, 1000)));
            if (after != null) {
                request.startAfter(location.objectKey(after));
            }
            for (var o : s3.listObjectsV2(request.build()).contents()) {
                String key = location.repositoryKey(o.key());
                if (!key.isEmpty() && !key.endsWith("/") && !hidden(key) && (after == null || key.compareTo(after) > 0)
                        && keys.size() < max) {
                    keys.add(key);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.io("LIST", location + "/" + prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    private static boolean hidden(String key) {
        for (String part : key.split("/")) {
            if (part.startsWith(".") || part.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long size(String key) throws IOException {
        return headExisting(key).contentLength();
    }

    /**
     * Deletes the object. Where writes are locked (a versioned, Object Lock bucket), a plain DELETE would only
     * hide the object behind a delete marker, so every version of the key is deleted by id; a version still
     * under retention is refused by the store (403), which surfaces as {@link java.nio.file.AccessDeniedException}.
     */
    @Override
    public void delete(String key) throws IOException {
        String full = location.objectKey(key);
        try {
            if (!lockWrites) {
                s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(full).build());
                return;
            }
            var versions = s3.listObjectVersionsPaginator(ListObjectVersionsRequest.builder().bucket(location.bucket())
                    .prefix(full).build());
            for (var v : versions.versions()) {
                if (v.key().equals(full)) {
                    s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(full).versionId(v.versionId()).build());
                }
            }
            for (var m : versions.deleteMarkers()) {
                if (m.key().equals(full)) {
                    s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(full).versionId(m.versionId()).build());
                }
            }
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                return;
            }
            throw S3Errors.io("DELETE", where(key), e);
        }
    }

    @Override
    public Instant lastModified(String key) throws IOException {
        return headExisting(key).lastModified();
    }

    @Override
    public Instant retainedUntil(String key) throws IOException {
        HeadObjectResponse h = head(key);
        return h == null ? null : h.objectLockRetainUntilDate();
    }

    @Override
    public java.time.Duration objectLockPeriod() {
        return lockWrites ? options.lockFor() : null;
    }

    /** Extends the object's retention to {@code until} in the configured mode (S3 never lets it shrink in compliance mode). */
    @Override
    public void retainUntil(String key, Instant until) throws IOException {
        if (!lockWrites) {
            return;
        }
        try {
            s3.putObjectRetention(PutObjectRetentionRequest.builder().bucket(location.bucket()).key(location.objectKey(key))
                    .retention(ObjectLockRetention.builder()
                            .mode(ObjectLockRetentionMode.fromValue(options.lockMode().name()))
                            .retainUntilDate(until).build())
                    .build());
        } catch (SdkException e) {
            throw S3Errors.io("PUT retention of", where(key), e);
        }
    }

    @Override
    public long usableSpace() {
        return -1;
    }

    /** Watchers poll a bucket at most every 5 s (each poll is one or two billed GETs). */
    @Override
    public java.time.Duration pollEvery() {
        return POLL_EVERY;
    }

    /** An idle database's capture tip is replaced at most every 30 s (each replacement is a billed PUT). */
    @Override
    public java.time.Duration idleWriteEvery() {
        return IDLE_WRITE_EVERY;
    }

    @Override
    public List<TargetHealth> health() {
        return List.of(meter.health(location.bucket(), describe()));
    }

    @Override
    public String describe() {
        return location + (options.endpoint() == null ? "" : " at " + options.endpoint().getHost()
                + (options.endpoint().getPort() > 0 ? ":" + options.endpoint().getPort() : ""));
    }

    @Override
    public String toString() {
        return "S3Storage[" + describe() + "]";
    }

    String where(String key) {
        return location.objectKey(key) + " in " + describe();
    }

    String bucket() {
        return location.bucket();
    }

    /** The provider answered NotImplemented to a conditional write. */
    static final class ConditionalUnsupported extends IOException {
        ConditionalUnsupported(SdkException cause) {
            super(S3Errors.describe(cause), cause);
        }
    }

    /** Whether the store accepted a conditional create so far (false once it answered NotImplemented). */
    public boolean conditionalWrites() {
        return conditionalWorks.get();
    }

    /** Throws FileAlreadyExists for a write-once key that exists. */
    static FileAlreadyExistsException alreadyExists(String where) {
        return new FileAlreadyExistsException(where, null, "object exists already (write-once)");
    }
}
