package dev.prodguard.text;

/**
 * Numbers in names the repository stores (segment ids, snapshot ids, retention's week keys) in ASCII digits whatever
 * the machine's default locale: {@code String.format("%012d", n)} writes the locale's digits (Arabic-Indic in
 * {@code ar-EG}, Persian in {@code fa-IR}, Devanagari, Thai), which no key allows, so capture could not commit a
 * segment there. It also costs a short command the Formatter's locale lookup at start-up.
 */
public final class Digits {
    private Digits() {}

    /** {@code value} in decimal, zero-padded to {@code width} characters as {@code %0<width>d} pads it (after a minus sign). */
    public static String padded(long value, int width) {
        String s = Long.toString(value);
        if (s.length() >= width) {
            return s;
        }
        StringBuilder b = new StringBuilder(width);
        int digitsFrom = 0;
        if (value < 0) {
            b.append('-');
            digitsFrom = 1;
        }
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s, digitsFrom, s.length()).toString();
    }

    /** {@code value} (at least 0) in lower-case hexadecimal, zero-padded to {@code width} characters ({@code %0<width>x}). */
    public static String hex(int value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("a negative value: " + value);
        }
        String s = Integer.toHexString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
