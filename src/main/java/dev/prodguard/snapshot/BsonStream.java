package dev.prodguard.snapshot;

import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.io.InputStream;

/** Reads concatenated BSON documents (mongodump's .bson layout) one at a time, as exact bytes. */
public final class BsonStream {
    /** Largest document accepted: MongoDB's 16 MiB limit plus headroom for internal documents. */
    public static final int MAX_DOCUMENT = 16 * 1024 * 1024 + 16 * 1024;

    private final InputStream in;
    private final String name;
    private long offset;

    /** {@code name} identifies the source in errors (an object key or file). */
    public BsonStream(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The next document's bytes, or null at a clean end. @throws ProdguardException REPOSITORY when cut or malformed */
    public byte[] next() throws IOException {
        byte[] head = new byte[4];
        int n = in.readNBytes(head, 0, 4);
        if (n == 0) {
            return null;
        }
        if (n < 4) {
            throw malformed("ends inside a document length at byte " + offset);
        }
        int len = (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16 | (head[3] & 0xFF) << 24;
        if (len < 5 || len > MAX_DOCUMENT) {
            throw malformed("has an impossible document length " + len + " at byte " + offset);
        }
        byte[] doc = new byte[len];
        System.arraycopy(head, 0, doc, 0, 4);
        int got = in.readNBytes(doc, 4, len - 4);
        if (got < len - 4) {
            throw malformed("ends inside a document at byte " + (offset + 4 + got));
        }
        if (doc[len - 1] != 0) {
            throw malformed("has a document without its terminating zero at byte " + offset);
        }
        offset += len;
        return doc;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    private ProdguardException malformed(String what) {
        return ProdguardException.repository("stored object " + name + " " + what
                + "; it is damaged: run 'prodguard verify' and restore from another snapshot");
    }
}
