package dev.prodguard.web.dashboard;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.http.FormBody;
import java.util.Map;

/** A request's query string, decoded (first value of each name); bad numbers are a usage error naming the parameter. */
record Query(Map<String, String> values) {
    static Query of(String raw) {
        try {
            return new Query(FormBody.decode(raw));
        } catch (IllegalArgumentException e) {
            throw ProdguardException.usage("the address is not valid percent-encoding");
        }
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
