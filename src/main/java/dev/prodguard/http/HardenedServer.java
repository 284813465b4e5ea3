package dev.prodguard.http;

import dev.prodguard.config.Secrets;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server (Jetty's core, no servlets) that stays responsive whatever its clients do: NIO, so
 * an idle or slow connection holds no thread; a deadline per request head ({@link RequestDeadlines}); a
 * bound on connections, threads and header size ({@link HttpLimits}); a {@code Host} allow-list
 * ({@link HostAllowList}: 421 otherwise); form bodies bounded in size and time; security headers and
 * {@link Secrets#scrub} on every reply.
 */
public final class HardenedServer implements AutoCloseable {
    /** Headers on every reply: no sniffing, no framing, no caching, nothing loadable from a reply. */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "Referrer-Policy", "no-referrer");

    private static final Logger LOG = LoggerFactory.getLogger(HardenedServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final RequestDeadlines deadlines;
    private final ScheduledExecutorService sweeper;

    private HardenedServer(Server server, ServerConnector connector, RequestDeadlines deadlines,
            ScheduledExecutorService sweeper) {
        this.server = server;
        this.connector = connector;
        this.deadlines = deadlines;
        this.sweeper = sweeper;
    }

    /**
     * Serves {@code app} on {@code address:port} (0: any free port, see {@link #port()}).
     *
     * @throws BindException when the port is taken
     * @throws IOException when the server cannot start otherwise
     */
    public static HardenedServer start(String name, InetAddress address, int port, HttpLimits limits, HostAllowList hosts,
            HttpApp app) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(4, limits.threads()), 2);
        threads.setName(name);
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopAtShutdown(false);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(limits.maxHeaderBytes());
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setIdleTimeout(limits.requestDeadline().toMillis());
        // Jetty's header cache matches values case-insensitively by default: on a kept-alive connection a
        // second "Authorization: Bearer X" differing only in case would read as the first one
        config.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(address.getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(limits.requestDeadline().toMillis());
        connector.setAcceptQueueSize(64);
        connector.setReuseAddress(true);
        RequestDeadlines deadlines = new RequestDeadlines(limits.requestDeadline());
        connector.addEventListener(deadlines);
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(limits.maxConnections(), connector);
        limit.setEndPointIdleTimeout(Math.min(1000, limits.requestDeadline().toMillis()));
        server.addBean(limit);
        server.setErrorHandler(new PlainErrors());
        server.setHandler(new Dispatch(app, hosts, deadlines, connector, limits));
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-deadlines");
            t.setDaemon(true);
            return t;
        });
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            sweeper.shutdownNow();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException b) {
                    throw b;
                }
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        long every = Math.max(100, limits.requestDeadline().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(deadlines::sweep, every, every, TimeUnit.MILLISECONDS);
        return new HardenedServer(server, connector, deadlines, sweeper);
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Connections open now (for tests and diagnostics). */
    public int openConnections() {
        return deadlines.openConnections();
    }

    /** Stops serving; waits at most a second for replies in progress. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        server.setStopTimeout(1000);
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping the HTTP server: {}", Secrets.scrub(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Checks the Host, reads a form body (bounded in size and time, without holding a thread while it arrives),
     * calls the app, writes its reply with the security headers.
     */
    private static final class Dispatch extends Handler.Abstract {
        private final HttpApp app;
        private final HostAllowList hosts;
        private final RequestDeadlines deadlines;
        private final ServerConnector connector;
        private final HttpLimits limits;

        Dispatch(HttpApp app, HostAllowList hosts, RequestDeadlines deadlines, ServerConnector connector, HttpLimits limits) {
            this.app = app;
            this.hosts = hosts;
            this.deadlines = deadlines;
            this.connector = connector;
            this.limits = limits;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Connection c = request.getConnectionMetaData().getConnection();
            deadlines.started(c);
            Request.addCompletionListener(request, failure -> deadlines.ended(c));
            HttpFields headers = request.getHeaders();
            if (!hosts.allows(headers.get(HttpHeader.HOST), connector.getLocalPort())) {
                writeReply(response, HttpReply.text(421, "this server answers only to 127.0.0.1, localhost and [::1]"
                        + (hosts.configuredNames().isEmpty() ? "" : " and " + String.join(", ", hosts.configuredNames()))
                        + "; the request's Host header named another host (add it to PRODGUARD_HTTP_HOSTS if it is yours)\n"),
                        callback);
                return true;
            }
            if (!FormBody.is(headers.get(HttpHeader.CONTENT_TYPE))) {
                answer(request, Map.of(), response, callback);
                return true;
            }
            if (request.getLength() > limits.maxFormBytes()) {
                writeReply(response, tooLarge(), callback);
                return true;
            }
            // a client dribbling its body holds a connection, never a thread, and only until the deadline
            CompletableFuture<byte[]> body = new CompletableFuture<>();
            Content.Source.asByteArrayAsync(request, limits.maxFormBytes(), Promise.Invocable.toPromise(body));
            body.orTimeout(limits.requestDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((bytes, failure) -> {
                        if (failure == null) {
                            Map<String, String> form;
                            try {
                                form = FormBody.parse(bytes);
                            } catch (IllegalArgumentException e) {
                                writeReply(response, HttpReply.text(400, "the form is not valid percent-encoding\n"), callback);
                                return;
                            }
                            answer(request, form, response, callback);
                        } else if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
                            callback.failed(new TimeoutException("the form body did not arrive within "
                                    + limits.requestDeadline().toSeconds() + " s"));
                        } else {
                            writeReply(response, tooLarge(), callback);
                        }
                    });
            return true;
        }

        private HttpReply tooLarge() {
            return HttpReply.text(413, "the form is larger than " + limits.maxFormBytes() + " bytes\n");
        }

        private void answer(Request request, Map<String, String> form, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            HttpReply reply;
            try {
                reply = app.handle(new HttpCall(request.getMethod(), path, request.getHttpURI().getQuery(),
                        request.getHeaders()::get, form));
            } catch (Exception e) {
                LOG.warn("{} failed: {}", path, Secrets.scrub(String.valueOf(e.getMessage())));
                reply = HttpReply.text(500, "internal error; see the guardian's log\n");
            }
            writeReply(response, reply, callback);
        }
    }

    private static void writeReply(Response response, HttpReply reply, Callback callback) {
        byte[] body = Secrets.scrub(reply.body() == null ? "" : reply.body()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(reply.status());
        HttpFields.Mutable h = response.getHeaders();
        SECURITY_HEADERS.forEach(h::put);
        reply.headers().forEach(h::put);
        h.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Errors Jetty answers itself (431 headers too large, 400 malformed): plain text, security headers, no detail. */
    private static final class PlainErrors extends ErrorHandler {
        PlainErrors() {
            setShowStacks(false);
            setShowCauses(false);
            setShowOrigin(false);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            SECURITY_HEADERS.forEach(fields::put);
            fields.put(HttpHeader.CONTENT_TYPE, HttpReply.TEXT);
            return ByteBuffer.wrap((status + " " + reasonOf(status) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            writeReply(response, HttpReply.text(code, code + " " + reasonOf(code) + "\n"), callback);
        }

        private static String reasonOf(int status) {
            return switch (status) {
                case 400 -> "bad request";
                case 414 -> "request line too long";
                case 431 -> "request headers too large";
                default -> "error";
            };
        }
    }
}
