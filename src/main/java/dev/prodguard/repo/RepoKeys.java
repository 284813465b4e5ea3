package dev.prodguard.repo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The repository's key material: a 256-bit master key from the passphrase by Argon2id (new
 * repositories; memory-hard) or PBKDF2-HMAC-SHA256 (repositories created before), and from it (HMAC-SHA256 with fixed labels) a data key and a key-check value; each stored item
 * gets its own AES-256 key, HMAC-SHA256(data key, item salt).
 */
final class RepoKeys {
    static final String KDF = "PBKDF2-HMAC-SHA256";
    static final String ARGON2ID = "Argon2id";
    static final String DATA_LABEL = "prodguard data key v1";
    static final String CHECK_LABEL = "prodguard key check v1";
    static final String DESCRIPTOR_LABEL = "prodguard descriptor key v1";

    private static final java.util.Map<String, RepoKeys> CACHE = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, RepoKeys> eldest) {
            return size() > 8;
        }
    };

    private final byte[] dataKey;
    private final byte[] keyCheck;
    private final byte[] descriptorKey;

    private RepoKeys(byte[] master) {
        this.dataKey = hmac(master, DATA_LABEL.getBytes(StandardCharsets.US_ASCII));
        this.keyCheck = hmac(master, CHECK_LABEL.getBytes(StandardCharsets.US_ASCII));
        this.descriptorKey = hmac(master, DESCRIPTOR_LABEL.getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(master, (byte) 0);
    }

    /**
     * Derives the keys from a passphrase and the descriptor's KDF parameters. Results are cached
     * in-process (keyed by a salted hash of the passphrase) so a long-running guardian or a test
     * suite pays the deliberately slow KDF once per repository.
     */
    static RepoKeys derive(char[] passphrase, RepositoryDescriptor.Encryption enc) {
        String cacheKey = cacheKey(passphrase, enc.salt(), enc.kdf() + ":" + enc.iterations() + ":" + enc.memoryKiB()
                + ":" + enc.parallelism());
        synchronized (CACHE) {
            RepoKeys cached = CACHE.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        RepoKeys keys = ARGON2ID.equals(enc.kdf())
                ? new RepoKeys(argon2id(passphrase, enc.salt(), enc.iterations(), enc.memoryKiB(), enc.parallelism()))
                : slowDerive(passphrase, enc.salt(), enc.iterations());
        synchronized (CACHE) {
            CACHE.put(cacheKey, keys);
        }
        return keys;
    }

    private static String cacheKey(char[] passphrase, byte[] salt, String params) {
        java.nio.CharBuffer chars = java.nio.CharBuffer.wrap(passphrase);
        java.nio.ByteBuffer utf8 = StandardCharsets.UTF_8.encode(chars);
        byte[] pass = new byte[utf8.remaining()];
        utf8.get(pass);
        byte[] tag = hmac(salt, pass);
        Arrays.fill(pass, (byte) 0);
        return java.util.HexFormat.of().formatHex(tag) + ":" + params;
    }

    private static RepoKeys slowDerive(char[] passphrase, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
            try {
                byte[] master = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                return new RepoKeys(master);
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        }
    }

    /** The Argon2id (version 0x13) master key: {@code iterations} passes over {@code memoryKiB} KiB in {@code lanes} lanes. */
    private static byte[] argon2id(char[] passphrase, byte[] salt, int iterations, int memoryKiB, int lanes) {
        java.nio.ByteBuffer utf8 = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        byte[] pass = new byte[utf8.remaining()];
        utf8.get(pass);
        org.bouncycastle.crypto.params.Argon2Parameters params = new org.bouncycastle.crypto.params.Argon2Parameters
                .Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(iterations).withMemoryAsKB(memoryKiB).withParallelism(lanes).withSalt(salt).build();
        org.bouncycastle.crypto.generators.Argon2BytesGenerator generator =
                new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(params);
        byte[] master = new byte[32];
        generator.generateBytes(pass, master);
        Arrays.fill(pass, (byte) 0);
        return master;
    }

    /** The value stored in the descriptor that proves a passphrase right without revealing any key. */
    byte[] keyCheck() {
        return keyCheck.clone();
    }

    /** Whether this key matches a stored key-check value (constant time). */
    boolean matches(byte[] storedCheck) {
        return MessageDigest.isEqual(keyCheck, storedCheck);
    }

    /** The authentication code of a descriptor's canonical content (see {@link RepositoryDescriptor#canonical()}). */
    byte[] descriptorMac(byte[] canonical) {
        return hmac(descriptorKey, canonical);
    }

    /** Whether a stored descriptor authentication code matches the canonical content (constant time). */
    boolean descriptorMatches(byte[] canonical, byte[] storedMac) {
        return MessageDigest.isEqual(descriptorMac(canonical), storedMac);
    }

    /** The AES-256 key of one stored item, from its random salt. */
    SecretKeySpec itemKey(byte[] salt) {
        return new SecretKeySpec(hmac(dataKey, salt), "AES");
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
