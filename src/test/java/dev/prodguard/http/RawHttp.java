package dev.prodguard.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send (a chosen
 * {@code Host}, oversized headers, a request sent byte by byte). Reads with a generous hang guard.
 */
public final class RawHttp {
    /** How long a read may block before the test fails instead of hanging. */
    public static final int HANG_GUARD_MS = 15_000;

    private RawHttp() {}

    /** A parsed response: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        /** One header's value, null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code GET path} with {@code Host: host} (null: no Host header) and extra header lines; reads the reply. */
    public static Response get(int port, String path, String host, String... extraHeaderLines) throws IOException {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        if (host != null) {
            req.append("Host: ").append(host).append("\r\n");
        }
        for (String h : extraHeaderLines) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return send(port, req.toString());
    }

    /** Sends raw request text and reads the reply until the server closes the connection. */
    public static Response send(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(HANG_GUARD_MS);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return parse(readAll(s.getInputStream()));
        }
    }

    /** Reads until end of stream; a reset after some bytes counts as the end. */
    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP response: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new Response(status, headers, text.substring(end + 4));
    }
}
