package dev.prodguard.repo;

import java.nio.charset.StandardCharsets;

/** Rules for storage keys and the names callers choose (manifest ids, record names, lock scopes). */
final class Keys {
    private Keys() {}

    /** Checks a full storage key: '/'-separated non-empty segments, none hidden or relative. */
    static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid storage key: '" + key + "'");
        }
        checkPrefix(key);
    }

    /** Checks a key prefix: like a key, but may end with '/' or a partial segment. */
    static void checkPrefix(String prefix) {
        if (prefix.startsWith("/") || prefix.contains("//") || prefix.indexOf('\\') >= 0 || prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid storage key: '" + prefix + "'");
        }
        for (String segment : prefix.split("/")) {
            if (segment.startsWith(".")) {
                throw new IllegalArgumentException("invalid storage key (hidden or relative segment): '" + prefix + "'");
            }
        }
    }

    /** What a key segment may hold; compiled once, since every manifest read checks its id. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._:@+=-]+");

    /** Checks a name that becomes one key segment (manifest kind or id, record name part). */
    static String checkName(String what, String name) {
        if (name == null || name.isEmpty() || name.length() > 200 || name.startsWith(".")
                || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + name
                    + "': use letters, digits and . _ : @ + = - (not starting with '.')");
        }
        return name;
    }

    /** Checks a record name: one or more valid names joined by '/'. */
    static String checkPath(String what, String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + ": empty");
        }
        for (String part : path.split("/", -1)) {
            checkName(what, part);
        }
        return path;
    }

    /** Encodes any text (e.g. a lock scope "target:my db") into one safe key segment. */
    static String encodeSegment(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && sb.length() > 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
