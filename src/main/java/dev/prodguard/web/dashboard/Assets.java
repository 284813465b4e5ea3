package dev.prodguard.web.dashboard;

import dev.prodguard.http.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files, from the jar: its own stylesheet and scripts, and uPlot from its webjar (nothing
 * from a CDN, so the dashboard works offline). Only the names listed here are served. They hold no data, so they
 * are served without a session and may be cached.
 */
final class Assets {
    /** The uPlot version of the webjar in the pom. */
    static final String UPLOT = "1.6.30";

    private static final Map<String, String> FILES = Map.of(
            "/assets/app.css", "/dev/prodguard/web/dashboard/app.css",
            "/assets/app.js", "/dev/prodguard/web/dashboard/app.js",
            "/assets/charts.js", "/dev/prodguard/web/dashboard/charts.js",
            "/assets/uplot/uPlot.min.css", "/META-INF/resources/webjars/uplot/" + UPLOT + "/dist/uPlot.min.css",
            "/assets/uplot/uPlot.iife.min.js", "/META-INF/resources/webjars/uplot/" + UPLOT + "/dist/uPlot.iife.min.js");

    private final Map<String, HttpReply> cache = new ConcurrentHashMap<>();

    /** Whether {@code path} names an asset. */
    static boolean isAsset(String path) {
        return FILES.containsKey(path);
    }

    /** The asset's reply (read once from the jar). */
    HttpReply reply(String path) {
        return cache.computeIfAbsent(path, p -> {
            String resource = FILES.get(p);
            try (InputStream in = Assets.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return HttpReply.text(404, "not found\n");
                }
                String type = p.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
                return new HttpReply(200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        Map.of("Cache-Control", "private, max-age=3600"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
