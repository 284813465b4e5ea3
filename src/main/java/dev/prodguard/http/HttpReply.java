package dev.prodguard.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link HttpApp} answers: status, content type, body and extra headers. The server adds the
 * security headers and scrubs secrets from the body.
 */
public record HttpReply(int status, String contentType, String body, Map<String, String> headers) {
    /** The content type of plain-text replies. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** The content type of JSON replies. */
    public static final String JSON = "application/json";

    /** A plain-text reply. */
    public static HttpReply text(int status, String body) {
        return new HttpReply(status, TEXT, body, Map.of());
    }

    /** A JSON reply. */
    public static HttpReply json(int status, String body) {
        return new HttpReply(status, JSON, body, Map.of());
    }

    /** The content type of HTML pages. */
    public static final String HTML = "text/html; charset=utf-8";

    /** An HTML page. */
    public static HttpReply html(int status, String body) {
        return new HttpReply(status, HTML, body, Map.of());
    }

    /** A 303 redirect to {@code location} (a path on this server), the answer to a POST that worked. */
    public static HttpReply seeOther(String location) {
        return new HttpReply(303, TEXT, "see " + location + "\n", Map.of("Location", location));
    }

    /** A copy with one more response header. */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpReply(status, contentType, body, Map.copyOf(h));
    }
}
