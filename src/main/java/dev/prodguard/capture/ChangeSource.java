package dev.prodguard.capture;

/**
 * A stream of normalised change events from one database. Implementations: {@link DatabaseStreamSource}
 * (one database-level stream: the only right path on Atlas M0, which allows five streams per cluster)
 * and {@link CollectionStreamsSource} (a stream per collection, for servers whose database-level stream
 * misses events, such as the embedded server). Not thread-safe: one capture loop owns it.
 */
public interface ChangeSource extends AutoCloseable {
    /**
     * Opens the stream after {@code from} (null: from now on).
     *
     * @throws dev.prodguard.error.ProdguardException CONNECTION when unreachable; {@link HistoryLostException}
     *     when the server no longer holds the history after {@code from}
     */
    void open(CapturePosition from);

    /** Reads what is there now without blocking longer than the server's await time; may be empty. */
    ChangeBatch nextBatch();

    /** The capture path, in the words {@code status} shows ("database stream", "collection streams"). */
    String describe();

    /** Closes the server cursors; never throws. */
    @Override
    void close();
}
