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

    /** Registers a secret, in its raw, percent-encoded and percent-decoded forms. */
    public static void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
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
