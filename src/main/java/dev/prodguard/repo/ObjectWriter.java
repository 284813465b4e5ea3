package dev.prodguard.repo;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one data object: bytes written here are compressed (zstd), encrypted when the repository
 * is, hashed, and committed write-once by {@link #commit()}. Closing without commit discards it.
 */
public abstract class ObjectWriter extends OutputStream {
    /** Finishes the object and makes it visible; returns what a manifest records about it. */
    public abstract ObjectRef commit() throws IOException;

    /** Raw (uncompressed) bytes written so far. */
    public abstract long rawBytesWritten();
}
