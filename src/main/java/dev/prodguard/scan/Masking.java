package dev.prodguard.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Masking and fingerprinting of secrets: the only two forms in which a found secret leaves the scanner. */
public final class Masking {
    private Masking() {}

    /** The first two characters and {@code ****}; just {@code ****} for values shorter than 8 characters. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "-";
        }
        return secret.length() < 8 ? "****" : secret.substring(0, 2) + "****";
    }

    /** SHA-256 (hex) of rule, file and secret: identifies a finding without holding the secret. */
    public static String fingerprint(Rule rule, String file, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(rule.id().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(file.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
