package dev.prodguard.repo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted framing of one stored item (see docs/repository-format.md): a 25-byte header
 * ("PGRE", version 1, chunk size, 16-byte salt) then AES-256-GCM chunks of {@code chunkSize}
 * plaintext bytes (the last one shorter or equal, possibly empty), each with a 16-byte tag. The
 * item key is HMAC-SHA256(data key, salt); chunk i uses nonce = 4 zero bytes + i (u64 BE) and
 * AAD = header + i (u64 BE) + final flag (1 byte) + the item's storage key in UTF-8.
 */
final class ChunkedGcm {
    static final byte[] MAGIC = {'P', 'G', 'R', 'E'};
    static final int VERSION = 1;
    static final int HEADER_BYTES = 25;
    static final int SALT_BYTES = 16;
    static final int TAG_BYTES = 16;
    static final int MIN_CHUNK = 16;
    static final int MAX_CHUNK = 64 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final byte[] header;
    private final byte[] storageKey;
    private final int chunkSize;
    private final Cipher cipher;

    private ChunkedGcm(SecretKeySpec key, byte[] header, String storageKey, int chunkSize) {
        this.key = key;
        this.header = header;
        this.storageKey = storageKey.getBytes(StandardCharsets.UTF_8);
        this.chunkSize = chunkSize;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    /** A fresh framing for writing: random salt, so a fresh item key. */
    static ChunkedGcm forWriting(RepoKeys keys, String storageKey, int chunkSize) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.put(MAGIC).put((byte) VERSION).putInt(chunkSize).put(salt);
        return new ChunkedGcm(keys.itemKey(salt), h.array(), storageKey, chunkSize);
    }

    /**
     * The framing of a stored item from its header, or throws {@link IllegalArgumentException}
     * describing why the header is not valid.
     */
    static ChunkedGcm forReading(RepoKeys keys, String storageKey, byte[] header) {
        if (header.length != HEADER_BYTES) {
            throw new IllegalArgumentException("truncated encryption header");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        byte[] magic = new byte[4];
        h.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("not an encrypted prodguard object (bad magic)");
        }
        int version = h.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown encryption framing version " + version);
        }
        int chunk = h.getInt();
        if (chunk < MIN_CHUNK || chunk > MAX_CHUNK) {
            throw new IllegalArgumentException("invalid chunk size " + chunk);
        }
        byte[] salt = new byte[SALT_BYTES];
        h.get(salt);
        return new ChunkedGcm(keys.itemKey(salt), header.clone(), storageKey, chunk);
    }

    byte[] header() {
        return header.clone();
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Encrypts chunk {@code index} into {@code out} (length + 16 bytes); returns bytes written. */
    int encrypt(long index, boolean last, byte[] in, int len, byte[] out) throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(index)));
        cipher.updateAAD(aad(index, last));
        return cipher.doFinal(in, 0, len, out, 0);
    }

    /** Decrypts chunk {@code index}; throws AEADBadTagException when it is not authentic. */
    int decrypt(long index, boolean last, byte[] in, int len, byte[] out) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(index)));
        cipher.updateAAD(aad(index, last));
        return cipher.doFinal(in, 0, len, out, 0);
    }

    private static byte[] nonce(long index) {
        return ByteBuffer.allocate(12).putInt(0).putLong(index).array();
    }

    private byte[] aad(long index, boolean last) {
        return ByteBuffer.allocate(header.length + 9 + storageKey.length)
                .put(header).putLong(index).put((byte) (last ? 1 : 0)).put(storageKey).array();
    }
}
