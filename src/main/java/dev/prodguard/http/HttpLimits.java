package dev.prodguard.http;

import java.time.Duration;

/**
 * The limits that keep a {@link HardenedServer} answering whatever its clients do.
 *
 * @param requestDeadline how long a connection may take to deliver each complete request head (from its
 *     opening or its previous response); idle and slow connections are closed after it, and it is the
 *     idle timeout of reads and writes; a form body must also arrive whole within it
 * @param maxConnections connections served at once; more wait in the accept queue
 * @param maxHeaderBytes the largest request line plus headers accepted (larger: 431)
 * @param threads the most threads serving requests and I/O
 * @param maxFormBytes the largest form body accepted (larger: 413)
 */
public record HttpLimits(Duration requestDeadline, int maxConnections, int maxHeaderBytes, int threads, int maxFormBytes) {
    /** The guardian's limits: 10 s per request head (and form body), 32 connections, 8 KiB of headers, 8 threads, 16 KiB forms. */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), 32, 8 * 1024, 8, 16 * 1024);

    /** Limits with the default form size (16 KiB). */
    public HttpLimits(Duration requestDeadline, int maxConnections, int maxHeaderBytes, int threads) {
        this(requestDeadline, maxConnections, maxHeaderBytes, threads, 16 * 1024);
    }
}
