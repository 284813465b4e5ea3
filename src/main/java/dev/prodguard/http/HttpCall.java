package dev.prodguard.http;

import java.util.function.Function;

/**
 * One request as an {@link HttpApp} sees it: method, decoded path, raw query string (null when none) and
 * header lookup by name (null when absent).
 */
public record HttpCall(String method, String path, String rawQuery, Function<String, String> headers) {
    /** The first value of a request header, or null. */
    public String header(String name) {
        return headers.apply(name);
    }
}
