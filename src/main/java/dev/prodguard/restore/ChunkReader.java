package dev.prodguard.restore;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.snapshot.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Reads events on another thread, in chunks of at most {@code maxEvents} events and about {@code maxBytes}
 * bytes of documents, one chunk ahead of the caller: reading and decoding the next chunk overlaps with
 * writing this one, and at most three chunks are in memory (being read, ready, being written).
 */
final class ChunkReader implements AutoCloseable {
    private static final Object END = new Object();
    private static final int OTHER_EVENT_BYTES = 256;

    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);
    private volatile boolean closed;

    private ChunkReader() {}

    /** Starts reading: {@code source} feeds every event, in order, to the consumer it is given. */
    static ChunkReader start(Consumer<Consumer<ChangeEvent>> source, int maxEvents, long maxBytes) {
        ChunkReader r = new ChunkReader();
        Workers.start("replay-read", () -> r.produce(source, maxEvents, maxBytes));
        return r;
    }

    /** The next chunk, or null after the last; a failure of the reading (a damaged segment) is thrown here. */
    List<ChangeEvent> next() {
        Object o;
        try {
            o = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while replaying changes");
        }
        if (o instanceof RuntimeException re) {
            throw re;
        }
        if (o instanceof Error err) {
            throw err;
        }
        @SuppressWarnings("unchecked")
        List<ChangeEvent> chunk = o == END ? null : (List<ChangeEvent>) o;
        return chunk;
    }

    /** Stops the reading (when the caller stops early). */
    @Override
    public void close() {
        closed = true;
        ready.clear();
    }

    private void produce(Consumer<Consumer<ChangeEvent>> source, int maxEvents, long maxBytes) {
        List<ChangeEvent>[] chunk = newChunk();
        long[] bytes = {0};
        try {
            source.accept(e -> {
                if (closed) {
                    throw new CancellationException();
                }
                chunk[0].add(e);
                bytes[0] += bytes(e);
                if (chunk[0].size() >= maxEvents || bytes[0] >= maxBytes) {
                    hand(chunk[0]);
                    chunk[0] = newChunk()[0];
                    bytes[0] = 0;
                }
            });
            if (!chunk[0].isEmpty()) {
                hand(chunk[0]);
            }
            hand(END);
        } catch (CancellationException stopped) {
            // closed by the caller: nobody waits for more
        } catch (RuntimeException | Error e) {
            hand(e);
        }
    }

    /** Waits until the caller took the previous chunk (or stopped). */
    private void hand(Object o) {
        try {
            while (!closed && !ready.offer(o, 100, TimeUnit.MILLISECONDS)) {
                // the caller is still writing the previous chunk
            }
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ChangeEvent>[] newChunk() {
        return new List[] {new ArrayList<>()};
    }

    /** The bytes a chunk holds for an event: its document as read (raw BSON), or a small constant. */
    private static long bytes(ChangeEvent e) {
        BsonDocument doc = e instanceof ChangeEvent.Insert i ? i.document() : e instanceof ChangeEvent.Replace r ? r.document()
                : e instanceof ChangeEvent.PostImageUpdate p ? p.postImage() : null;
        return doc instanceof RawBsonDocument raw ? raw.getByteBuffer().remaining() + OTHER_EVENT_BYTES : OTHER_EVENT_BYTES;
    }
}
