package dev.prodguard.repo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The framing of manifests and records: one ASCII header line
 * {@code prodguard-envelope 1 <plain|encrypted> <sha256 hex of body> <body length>\n} then the body:
 * the JSON itself, or the JSON in {@link ChunkedGcm} framing bound to the item's storage key.
 */
final class Envelope {
    static final String MAGIC = "prodguard-envelope";
    static final int VERSION = 1;
    static final int MAX_BYTES = 256 * 1024 * 1024;

    private Envelope() {}

    /** Seals JSON bytes for storing under {@code storageKey}. */
    static byte[] seal(byte[] json, RepoKeys keys, int chunkSize, String storageKey) {
        byte[] body = json;
        if (keys != null) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(json.length + 64);
            try (EncryptingOutputStream enc = new EncryptingOutputStream(buf,
                    ChunkedGcm.forWriting(keys, storageKey, chunkSize))) {
                enc.write(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            body = buf.toByteArray();
        }
        String header = MAGIC + " " + VERSION + " " + (keys == null ? "plain" : "encrypted") + " "
                + HashingStreams.hex(HashingStreams.sha256().digest(body)) + " " + body.length + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /**
     * Opens stored envelope bytes and returns the JSON, or throws {@link IOException} whose message
     * says how the stored bytes are damaged.
     */
    static byte[] open(byte[] stored, RepoKeys keys, String storageKey) throws IOException {
        int nl = -1;
        for (int i = 0; i < Math.min(stored.length, 200); i++) {
            if (stored[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            throw new IOException("no envelope header (not a prodguard manifest or record)");
        }
        String[] f = new String(stored, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (f.length != 5 || !MAGIC.equals(f[0])) {
            throw new IOException("bad envelope header");
        }
        if (!String.valueOf(VERSION).equals(f[1])) {
            throw new IOException("unknown envelope version " + f[1]);
        }
        long length;
        try {
            length = Long.parseLong(f[4]);
        } catch (NumberFormatException e) {
            throw new IOException("bad envelope length");
        }
        byte[] body = Arrays.copyOfRange(stored, nl + 1, stored.length);
        if (body.length != length) {
            throw new IOException("its body is " + body.length + " bytes but its header says " + length
                    + " (truncated or extended)");
        }
        byte[] sha = HashingStreams.sha256().digest(body);
        if (!MessageDigest.isEqual(HashingStreams.hex(sha).getBytes(StandardCharsets.US_ASCII),
                f[3].toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new IOException("its SHA-256 does not match its header (altered)");
        }
        boolean encrypted = "encrypted".equals(f[2]);
        if (!encrypted && !"plain".equals(f[2])) {
            throw new IOException("unknown envelope mode " + f[2]);
        }
        if (encrypted != (keys != null)) {
            throw new IOException(encrypted ? "it is encrypted but the repository is not"
                    : "it is not encrypted but the repository is (an unencrypted item was planted)");
        }
        if (!encrypted) {
            return body;
        }
        try (DecryptingInputStream in = new DecryptingInputStream(new java.io.ByteArrayInputStream(body), keys,
                storageKey)) {
            return in.readAllBytes();
        }
    }
}
