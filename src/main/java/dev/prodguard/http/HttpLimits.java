package dev.prodguard.http;

import java.time.Duration;

/**
 * The limits that keep a {@link HardenedServer} answering whatever its clients do.
 *
 * @param requestDeadline how long a connection may take to deliver each complete request head (from its
 *     opening or its previous response); idle and slow connections are closed after it, and it is the
 *     idle timeout of reads and writes
 * @param maxConnections connections served at once; more wait in the accept queue
 * @param maxHeaderBytes the largest request line plus headers accepted (larger: 431)
 * @param threads the most threads serving requests and I/O
 */
public record HttpLimits(Duration requestDeadline, int maxConnections, int maxHeaderBytes, int threads) {
    /** The guardian's limits: 10 s per request head, 32 connections, 8 KiB of headers, 8 threads. */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), 32, 8 * 1024, 8);
}
