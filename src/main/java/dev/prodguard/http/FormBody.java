package dev.prodguard.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (form bodies, query strings): recognised by content type, decoded
 * as UTF-8.
 */
public final class FormBody {
    private FormBody() {}

    /** True for a form's content type (parameters such as {@code charset} allowed). */
    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).strip()
                .startsWith("application/x-www-form-urlencoded");
    }

    /**
     * The fields, first value of each name.
     *
     * @throws IllegalArgumentException when a part is not valid percent-encoding
     */
    static Map<String, String> parse(byte[] body) {
        return decode(new String(body, StandardCharsets.US_ASCII));
    }

    /**
     * The fields of a form body or query string ({@code a=1&b=2}; null or empty: none), first value of each name.
     *
     * @throws IllegalArgumentException when a part is not valid percent-encoding
     */
    public static Map<String, String> decode(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
