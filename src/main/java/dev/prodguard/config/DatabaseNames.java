package dev.prodguard.config;

import dev.prodguard.error.ProdguardException;

/** MongoDB's documented rules for database names, checked before the server sees them. */
public final class DatabaseNames {
    private static final String FORBIDDEN = "/\\. \"$*<>:|?";

    private DatabaseNames() {}

    public static void check(String name, String source) {
        if (name.isEmpty()) {
            throw ProdguardException.config(source + " is empty; name the database to protect");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 64) {
            throw ProdguardException.config(source + " is too long; MongoDB database names are under 64 bytes");
        }
        for (char c : name.toCharArray()) {
            if (FORBIDDEN.indexOf(c) >= 0 || c == 0 || Character.isISOControl(c) || c == '\uFFFD') {
                throw ProdguardException.config(source + "='" + SettingsLoader.printable(name)
                        + "' contains a character MongoDB does not allow in a database name: '"
                        + (Character.isISOControl(c) || c == '\uFFFD' ? "?" : String.valueOf(c)) + "'");
            }
        }
    }
}
