package dev.prodguard.repo.s3;

import dev.prodguard.config.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One multipart part being filled: in memory up to {@link #MEMORY_LIMIT}, spilled to a private temporary file
 * beyond it (parts grow to gigabytes for huge objects), so a writer's memory stays bounded whatever the object size.
 */
final class PartBuffer implements AutoCloseable {
    static final int MEMORY_LIMIT = (int) PartSizes.FIRST;

    private byte[] memory = new byte[64 * 1024];
    private int used;
    private Path spill;
    private OutputStream spillOut;
    private long size;

    void write(byte[] b, int off, int len) throws IOException {
        if (spill == null && used + len <= MEMORY_LIMIT) {
            if (used + len > memory.length) {
                memory = java.util.Arrays.copyOf(memory, Math.min(MEMORY_LIMIT, Math.max(used + len, memory.length * 2)));
            }
            System.arraycopy(b, off, memory, used, len);
            used += len;
        } else {
            if (spill == null) {
                spill = Files.createTempFile("prodguard-part-", ".tmp");
                Files.delete(spill);
                spillOut = new java.io.BufferedOutputStream(PrivateFiles.createStream(spill), 256 * 1024);
                spillOut.write(memory, 0, used);
                memory = new byte[0];
                used = 0;
            }
            spillOut.write(b, off, len);
        }
        size += len;
    }

    long size() {
        return size;
    }

    /** The bytes as a request body of known length. */
    RequestBody body() throws IOException {
        if (spill == null) {
            return RequestBody.fromBytes(java.util.Arrays.copyOf(memory, used));
        }
        spillOut.flush();
        Path p = spill;
        return RequestBody.fromContentProvider(() -> open(p), size, "application/octet-stream");
    }

    /** The bytes in memory (only when nothing spilled), for the single-PUT path. */
    byte[] bytes() {
        if (spill != null) {
            throw new IllegalStateException("part spilled to disk");
        }
        return java.util.Arrays.copyOf(memory, used);
    }

    private static InputStream open(Path p) {
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            return new ByteArrayInputStream(new byte[0]) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
        }
    }

    /** Empties the buffer for the next part. */
    void reset() throws IOException {
        close();
        memory = new byte[64 * 1024];
        used = 0;
        size = 0;
    }

    @Override
    public void close() throws IOException {
        if (spill != null) {
            try {
                spillOut.close();
            } finally {
                Files.deleteIfExists(spill);
                spill = null;
                spillOut = null;
            }
        }
    }
}
