package dev.prodguard.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;

/**
 * Gives each connection a deadline to deliver a complete request head: from its opening, and again from
 * the end of each response. A connection that sends nothing, or dribbles its headers (one byte a second
 * keeps a plain idle timeout from ever firing), is closed when the deadline passes; a connection whose
 * request is being answered is never cut. {@link #sweep()} runs periodically.
 */
final class RequestDeadlines implements Connection.Listener {
    private static final class State {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile long since;

        State(long now) {
            since = now;
        }
    }

    private final long deadlineNanos;
    private final ConcurrentHashMap<Connection, State> open = new ConcurrentHashMap<>();

    RequestDeadlines(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public void onOpened(Connection c) {
        open.put(c, new State(System.nanoTime()));
    }

    @Override
    public void onClosed(Connection c) {
        open.remove(c);
    }

    /** A request head arrived on {@code c}: it is answered, not timed. */
    void started(Connection c) {
        State s = open.get(c);
        if (s != null) {
            s.inFlight.incrementAndGet();
        }
    }

    /** The response on {@code c} is complete: the next request head is due within the deadline. */
    void ended(Connection c) {
        State s = open.get(c);
        if (s != null) {
            s.since = System.nanoTime();
            s.inFlight.decrementAndGet();
        }
    }

    /** Closes every connection past its deadline with no request being answered; returns how many. */
    int sweep() {
        long now = System.nanoTime();
        int closed = 0;
        for (var e : open.entrySet()) {
            State s = e.getValue();
            if (s.inFlight.get() == 0 && now - s.since > deadlineNanos) {
                e.getKey().getEndPoint().close();
                open.remove(e.getKey());
                closed++;
            }
        }
        return closed;
    }

    /** Connections open now. */
    int openConnections() {
        return open.size();
    }
}
