package dev.prodguard.config;

import dev.prodguard.error.ProdguardException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Finds user names and passwords whose reserved characters were not percent-encoded, the guide's
 * "password contains special characters that need URL encoding". The message shows the encoded
 * form of the offending characters only, never the password.
 */
public final class Credentials {
    private Credentials() {}

    /** The user-info part (user:password) of a URI, found by its last '@', or null. */
    static String userInfo(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        String rest = uri.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        return at < 0 ? null : rest.substring(0, at);
    }

    /** Throws CONFIG when the user name or password holds an unencoded reserved character. */
    static void checkEncoding(String uri, String source) {
        String info = userInfo(uri);
        if (info == null) {
            return;
        }
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String password = colon < 0 ? null : info.substring(colon + 1);
        Set<Character> badUser = offending(user);
        if (!badUser.isEmpty()) {
            throw ProdguardException.config("the user name in " + source + " contains "
                    + describe(badUser) + " that must be URL-encoded; encode the user name and try again");
        }
        if (password != null) {
            Set<Character> bad = offending(password);
            if (!bad.isEmpty()) {
                throw ProdguardException.config("the password in " + source + " contains "
                        + describe(bad) + " that must be URL-encoded (percent-encoding); replace each"
                        + " such character with its code and try again");
            }
        }
    }

    /** Reserved characters present unencoded, plus '%' when not followed by two hex digits. */
    static Set<Character> offending(String s) {
        Set<Character> bad = new LinkedHashSet<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (MongoTarget.isReserved(c)) {
                bad.add(c);
            } else if (c == '%' && !(i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2)))) {
                bad.add(c);
            }
        }
        return bad;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String describe(Set<Character> chars) {
        StringBuilder sb = new StringBuilder(chars.size() == 1 ? "a character" : "characters");
        String sep = " ";
        for (char c : chars) {
            sb.append(sep).append('\'').append(c).append("' (write ").append(encode(c)).append(')');
            sep = ", ";
        }
        return sb.toString();
    }

    static String encode(char c) {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
        }
        return sb.toString();
    }
}
