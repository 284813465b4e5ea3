package dev.prodguard.roles;

import java.security.SecureRandom;

/**
 * Strong database passwords: 32 characters from SecureRandom over a URL-safe alphabet (letters,
 * digits, '-', '_'), so they never need percent-encoding in a connection string. 192 bits.
 */
public final class PasswordGenerator {
    /** Length of every generated password. */
    public static final int LENGTH = 32;
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private final SecureRandom random;

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    /** A new password; starts with a letter so that no tool mistakes it for an option. */
    public String next() {
        StringBuilder sb = new StringBuilder(LENGTH);
        sb.append(ALPHABET.charAt(random.nextInt(52)));
        while (sb.length() < LENGTH) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
