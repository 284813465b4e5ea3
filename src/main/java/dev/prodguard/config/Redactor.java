package dev.prodguard.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one function that turns a MongoDB URI into something printable: the password becomes
 * {@code ****}. Works on malformed URIs too, because those are exactly the ones people print
 * while debugging.
 */
public final class Redactor {
    /** scheme://user:password@ inside free text; the password runs to the last '@' before a host. */
    private static final Pattern URI_IN_TEXT =
            Pattern.compile("(mongodb(?:\\+srv)?://)([^\\s/?#@:]*):([^\\s]*)@(?=[^\\s@]*(?:\\s|$))");

    private Redactor() {}

    /** Returns the URI with its password replaced by {@code ****}; a URI without one is returned as is. */
    public static String redactUri(String uri) {
        if (uri == null) {
            return null;
        }
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return uri.indexOf('@') >= 0 ? Secrets.MASK : uri;
        }
        String rest = uri.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            return uri;
        }
        String userInfo = rest.substring(0, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String masked = colon < 0 ? user : user + ":" + Secrets.MASK;
        return uri.substring(0, schemeEnd + 3) + masked + rest.substring(at);
    }

    /** Masks the password of every MongoDB URI found in a piece of text. */
    static String redactUrisIn(String text) {
        if (!text.contains("mongodb")) {
            return text;
        }
        Matcher m = URI_IN_TEXT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(3).equals(Secrets.MASK)
                    ? m.group()
                    : m.group(1) + m.group(2) + ":" + Secrets.MASK + "@";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
