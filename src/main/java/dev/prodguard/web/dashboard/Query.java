package dev.prodguard.web.dashboard;

import dev.prodguard.error.ProdguardException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A request's query string, decoded (first value of each name); bad numbers are a usage error naming the parameter. */
record Query(Map<String, String> values) {
    static Query of(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                try {
                    out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw ProdguardException.usage("the address is not valid percent-encoding");
                }
            }
        }
        return new Query(out);
    }

    String get(String name) {
        return values.get(name);
    }

    /** A whole number from 1 to {@code max}, {@code dflt} when absent. */
    int intParam(String name, int dflt, int max) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        int n = number(v);
        if (n < 1 || n > max) {
            throw ProdguardException.usage(name + " must be a whole number from 1 to " + max);
        }
        return n;
    }

    /** {@code text} as a whole number. */
    int number(String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw ProdguardException.usage("'" + text + "' is not a whole number");
        }
    }
}
