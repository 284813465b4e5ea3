package dev.prodguard.repo.s3;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's bytes that survive a dropped connection: when reading the body fails part-way, the rest is asked
 * for again ({@code Range: bytes=<read>-}, {@code If-Match: <etag>} so that it is the same object), a few times,
 * with backoff. Memory holds one read buffer whatever the object size.
 */
final class ResumingInputStream extends InputStream {
    static final int MAX_RESUMES = 5;

    private final S3Storage storage;
    private final String key;
    private final String etag;
    private InputStream in;
    private long position;
    private int resumes;

    private ResumingInputStream(S3Storage storage, String key, ResponseInputStream<GetObjectResponse> first) {
        this.storage = storage;
        this.key = key;
        this.etag = first.response().eTag();
        this.in = first;
    }

    @SuppressWarnings("unchecked")
    static InputStream open(S3Storage storage, String key) throws IOException {
        return new ResumingInputStream(storage, key, (ResponseInputStream<GetObjectResponse>) storage.open(key, 0, null));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                if (resumes >= MAX_RESUMES || e instanceof java.io.InterruptedIOException) {
                    throw new IOException("reading " + storage.where(key) + " failed after " + position + " bytes and "
                            + resumes + " resumed reads: " + e.getMessage(), e);
                }
                resumes++;
                closeQuietly();
                pause(resumes);
                in = storage.open(key, position, etag);
            }
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(Math.min(5_000L, 200L << attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while resuming a read");
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone already
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
