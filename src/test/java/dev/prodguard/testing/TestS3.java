package dev.prodguard.testing;

import dev.prodguard.repo.s3.S3Backend;
import dev.prodguard.repo.s3.S3Location;
import dev.prodguard.repo.s3.S3Options;
import dev.prodguard.repo.s3.S3Storage;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 API server in-process: s3proxy on 127.0.0.1 with a transient (in-memory) store and SigV4
 * authentication. It can be stopped and started again on the same port with the same data, which is how tests
 * make the store go away. Register with {@code @RegisterExtension static TestS3 s3 = new TestS3();}.
 */
public final class TestS3 implements BeforeAllCallback, AfterAllCallback {
    public static final String ACCESS_KEY = "prodguard-test-access";
    /** Long and random-looking so that the secrets tests can grep for it. */
    public static final String SECRET_KEY = "S3cr3t-Key-Marker-9f8e7d6c5b4a3210";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** The data, in memory; kept across {@link #stop()}/{@link #start()}, dropped when the test class is done. */
    private BlobStore store = new TransientNio2BlobStore();
    private S3Proxy proxy;
    private int port;
    private int depth;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (depth++ == 0) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (--depth == 0) {
            stop();
            store = null; // the class stays loaded (a static field holds this): let the data go
        }
    }

    /** Starts the server (again on the same port after {@link #stop()}, with the same data). */
    public synchronized void start() throws Exception {
        if (store == null) {
            store = new TransientNio2BlobStore();
        }
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        port = proxy.getPort();
    }

    /** Stops the server: requests are refused until {@link #start()}. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A new, empty bucket. */
    public String newBucket() {
        String bucket = "pg-test-" + BUCKETS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        store.createContainer(bucket);
        return bucket;
    }

    /** Options for this server (path-style, static credentials, no Object Lock). */
    public S3Options options() {
        return S3Options.forEndpoint(endpoint(), ACCESS_KEY, SECRET_KEY);
    }

    /** A storage in a new bucket under {@code prefix} ("" for the bucket's root). */
    public S3Storage newStorage(String prefix) {
        return newStorage(prefix, options());
    }

    /** A storage in a new bucket under {@code prefix} with other options. */
    public S3Storage newStorage(String prefix, S3Options options) {
        return S3Backend.storage(new S3Location(newBucket(), prefix), options);
    }

    /** The environment that points prodguard's settings at a new bucket of this server. */
    public Map<String, String> env(String prefix) {
        String p = prefix.isEmpty() ? "" : "/" + prefix.replaceAll("/$", "");
        return Map.of("PRODGUARD_REPO", "s3://" + newBucket() + p,
                "PRODGUARD_S3_ENDPOINT", endpoint().toString(),
                "PRODGUARD_S3_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** The in-process store (for checks that look behind the API, e.g. incomplete multipart uploads). */
    public BlobStore store() {
        return store;
    }
}
