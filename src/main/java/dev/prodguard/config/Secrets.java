package dev.prodguard.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The last line of defence against leaking a secret: every value registered here is replaced by
 * {@code ****} in everything prodguard prints or logs ({@link #scrub}). Loading the configuration
 * registers the MongoDB password, the repository key and every other secret setting.
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final int MIN_LENGTH = 3; // shorter values would mask ordinary words
    private static final List<String> VALUES = new CopyOnWriteArrayList<>();

    private Secrets() {}

    /**
     * Registers a secret, in its raw, percent-encoded and percent-decoded forms. A URL is also
     * registered by its secret-bearing parts ({@link #registerUrlParts}), so that a receiver that
     * echoes only its path or a query value cannot carry the token into what prodguard prints.
     */
    public static void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        if (secret.contains("://")) {
            registerUrlParts(secret);
        }
        add(secret);
        add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        try {
            add(URLDecoder.decode(secret, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ignored) {
            // not valid percent-encoding: the raw form is registered already
        }
    }

    private static void add(String value) {
        if (value.length() >= MIN_LENGTH && !VALUES.contains(value)) {
            VALUES.add(value);
            VALUES.sort((a, b) -> b.length() - a.length()); // longest first: no partial masks
        }
    }

    /**
     * Registers the parts of a URL that can carry a secret: the user info and its password, every path
     * segment and every query value of meaningful length ({@link #meaningful}), raw and decoded.
     */
    public static void registerUrlParts(String url) {
        int scheme = url.indexOf("://");
        String rest = scheme < 0 ? url : url.substring(scheme + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int pathStart = firstOf(rest, "/?");
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            register(info);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                register(info.substring(colon + 1));
            }
        }
        if (pathStart < 0) {
            return;
        }
        String pathAndQuery = rest.substring(pathStart);
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        for (String segment : path.split("/")) {
            registerIfMeaningful(segment);
        }
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("[&;]")) {
                int eq = pair.indexOf('=');
                registerIfMeaningful(eq < 0 ? pair : pair.substring(eq + 1));
            }
        }
    }

    private static int firstOf(String s, String chars) {
        int best = -1;
        for (char c : chars.toCharArray()) {
            int i = s.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static void registerIfMeaningful(String part) {
        if (meaningful(part)) {
            register(part);
        }
    }

    /**
     * Whether a URL part is long enough to be a token rather than an ordinary word: 12 characters or
     * more, or 8 or more mixing letters and digits ("hooks", "services", "v1" stay readable).
     */
    static boolean meaningful(String part) {
        if (part.length() >= 12) {
            return true;
        }
        return part.length() >= 8 && part.chars().anyMatch(Character::isLetter) && part.chars().anyMatch(Character::isDigit);
    }

    /**
     * Text that came from a remote party (an HTTP error body, a mail server's reply), made safe to
     * print, store, serve or send: registered secrets masked before anything is cut (a cut could
     * otherwise leave half a token unmasked), long token-like words masked (an echo may transform
     * a secret), control characters and runs of white space collapsed, then cut to {@code max}
     * characters.
     */
    public static String remoteText(String text, int max) {
        if (text == null) {
            return "";
        }
        String out = scrub(text);
        out = TOKEN_LIKE.matcher(out).replaceAll(m -> mixed(m.group()) ? MASK : java.util.regex.Matcher.quoteReplacement(m.group()));
        out = out.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return out.length() > max ? out.substring(0, max) + "…" : out;
    }

    private static final java.util.regex.Pattern TOKEN_LIKE = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-+/=%.~]{20,}");

    private static boolean mixed(String word) {
        return word.chars().anyMatch(Character::isLetter) && word.chars().anyMatch(Character::isDigit);
    }

    /** Returns the text with every registered secret masked, and every URI password masked. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : VALUES) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return Redactor.redactUrisIn(out);
    }

    /** Forgets every registered secret (tests only). */
    public static void clearForTests() {
        VALUES.clear();
    }
}
