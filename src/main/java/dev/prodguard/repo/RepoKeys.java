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
 * The repository's key material: a 256-bit master key from the passphrase by PBKDF2-HMAC-SHA256,
 * and from it (HMAC-SHA256 with fixed labels) a data key and a key-check value; each stored item
 * gets its own AES-256 key, HMAC-SHA256(data key, item salt).
 */
final class RepoKeys {
    static final String KDF = "PBKDF2-HMAC-SHA256";
    static final String DATA_LABEL = "prodguard data key v1";
    static final String CHECK_LABEL = "prodguard key check v1";

    private final byte[] dataKey;
    private final byte[] keyCheck;

    private RepoKeys(byte[] master) {
        this.dataKey = hmac(master, DATA_LABEL.getBytes(StandardCharsets.US_ASCII));
        this.keyCheck = hmac(master, CHECK_LABEL.getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(master, (byte) 0);
    }

    /** Derives the keys from a passphrase and the descriptor's KDF parameters. */
    static RepoKeys derive(char[] passphrase, byte[] salt, int iterations) {
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

    /** The value stored in the descriptor that proves a passphrase right without revealing any key. */
    byte[] keyCheck() {
        return keyCheck.clone();
    }

    /** Whether this key matches a stored key-check value (constant time). */
    boolean matches(byte[] storedCheck) {
        return MessageDigest.isEqual(keyCheck, storedCheck);
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
