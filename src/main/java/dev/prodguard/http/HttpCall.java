package dev.prodguard.http;

import java.util.Map;
import java.util.function.Function;

/**
 * One request as an {@link HttpApp} sees it: method, decoded path, raw query string (null when none), header
 * lookup by name (null when absent) and, for a POST of {@code application/x-www-form-urlencoded}, its decoded
 * fields (first value of each name; empty otherwise).
 */
public record HttpCall(String method, String path, String rawQuery, Function<String, String> headers,
        Map<String, String> form) {
    public HttpCall {
        form = form == null ? Map.of() : Map.copyOf(form);
    }

    /** A request without a form body. */
    public HttpCall(String method, String path, String rawQuery, Function<String, String> headers) {
        this(method, path, rawQuery, headers, Map.of());
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        return headers.apply(name);
    }

    /** A form field, or null when the request carried none of that name. */
    public String field(String name) {
        return form.get(name);
    }
}
