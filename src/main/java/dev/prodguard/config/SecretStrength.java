package dev.prodguard.config;

/**
 * Whether a secret prodguard will rely on (a new repository passphrase, the API token) is hard to
 * guess: long enough, not one character or short pattern repeated, not a common password or a
 * variation of one (the gate's list), and not predictable by an entropy estimate (Shannon entropy
 * per character times the characters that do not merely continue a run such as abcd or 1234).
 * Answers name the rule, never the secret or its properties.
 */
public final class SecretStrength {
    /** The shortest passphrase accepted for a new repository. */
    public static final int MIN_PASSPHRASE_LENGTH = 12;
    /** The fewest estimated bits of entropy accepted. A random 16-character hex token scores about 55. */
    static final double MIN_BITS = 48;

    private static volatile SecretStrength bundled;

    private final CommonPasswords common;

    public SecretStrength(CommonPasswords common) {
        this.common = common;
    }

    /** The checker with prodguard's bundled common-password list (loaded once). */
    public static SecretStrength bundled() {
        SecretStrength s = bundled;
        if (s == null) {
            s = new SecretStrength(CommonPasswords.bundled());
            bundled = s;
        }
        return s;
    }

    /** Why the secret is weak ("it is shorter than 12 characters", ...), or null when it passes every rule. */
    public String weakness(String secret, int minLength) {
        if (secret.codePointCount(0, secret.length()) < minLength) {
            return "it is shorter than " + minLength + " characters";
        }
        if (periodic(secret)) {
            return "it repeats one character or a short pattern";
        }
        if (common.isCommon(secret)) {
            return "it is a common password, word or phrase, or a variation of one";
        }
        if (estimatedBits(secret) < MIN_BITS) {
            return "it is too predictable (runs such as abcd or 1234, or too few different characters)";
        }
        return null;
    }

    /** True when the whole string is one unit of at most half its length repeated (aaaa, abab, Aa1!Aa1!). */
    static boolean periodic(String s) {
        int n = s.length();
        for (int unit = 1; unit <= n / 2; unit++) {
            if (s.regionMatches(unit, s, 0, n - unit)) {
                return true;
            }
        }
        return false;
    }

    /** Estimated bits: Shannon entropy per character times the characters that do not continue a run. */
    static double estimatedBits(String s) {
        int[] c = s.codePoints().toArray();
        int effective = 0;
        for (int i = 0; i < c.length; i++) {
            boolean continues = i >= 2 && c[i] - c[i - 1] == c[i - 1] - c[i - 2] && Math.abs(c[i] - c[i - 1]) <= 1;
            if (!continues) {
                effective++;
            }
        }
        return Entropy.shannon(s) * effective;
    }
}
