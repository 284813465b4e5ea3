package dev.prodguard.capture;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * One server-side change stream cursor driven by plain {@code aggregate}/{@code getMore} commands, so
 * that prodguard sees the raw event documents and the post-batch resume token, and decides itself
 * how to resume. A database-level stream when {@code coll} is null.
 */
final class RawChangeStream implements AutoCloseable {
    /** ChangeStreamHistoryLost, ChangeStreamFatalError, CappedPositionLost: the position is no longer in the oplog. */
    private static final Set<Integer> HISTORY_LOST = Set.of(286, 280, 136);

    private final MongoDatabase db;
    private final String coll;
    /** A full batch doubles the next getMore's size, up to this many times the configured size. */
    static final int MAX_BATCH_GROWTH = 4;

    private final int batchSize;
    private final Duration await;
    private int nextBatchSize;
    private long cursorId;
    private List<BsonDocument> pending;
    private BsonDocument postBatchResumeToken;
    private boolean lastBatchFull;

    private RawChangeStream(MongoDatabase db, String coll, int batchSize, Duration await) {
        this.db = db;
        this.coll = coll;
        this.batchSize = batchSize;
        this.await = await;
        this.nextBatchSize = batchSize;
    }

    /**
     * Runs {@code aggregate} with {@code [{$changeStream: stage}]}.
     *
     * @throws HistoryLostException when the position is no longer in the server's history
     */
    static RawChangeStream open(MongoDatabase db, String coll, BsonDocument stage, int batchSize, Duration await) {
        RawChangeStream s = new RawChangeStream(db, coll, batchSize, await);
        BsonDocument cmd = new BsonDocument("aggregate", coll == null ? new BsonInt32(1) : new BsonString(coll))
                .append("pipeline", new BsonArray(List.of(new BsonDocument("$changeStream", stage))))
                .append("cursor", new BsonDocument()); // first batch: server default; getMore uses batchSize
        BsonDocument cursor = s.run(cmd).getDocument("cursor");
        s.accept(cursor, "firstBatch");
        return s;
    }

    /**
     * The next events (possibly none): the first batch not yet returned plus one {@code getMore}, so
     * that a poll always asks the server for what is committed now. Waits at most the await time on
     * servers that support awaitData. While getMores come back full (capture is behind), each asks for
     * twice as many events, up to {@link #MAX_BATCH_GROWTH} times the batch size: a poll's cost is
     * mostly per getMore (on the embedded server a scan of its whole oplog), so a fixed batch would cap
     * capture below the write rate and let it fall ever further behind.
     */
    List<BsonDocument> next() {
        List<BsonDocument> out = new ArrayList<>();
        if (pending != null) {
            out.addAll(pending);
            pending = null;
        }
        if (cursorId == 0) {
            return out;
        }
        BsonDocument cmd = new BsonDocument("getMore", new BsonInt64(cursorId))
                .append("collection", new BsonString(coll == null ? "$cmd.aggregate" : coll))
                .append("batchSize", new BsonInt32(nextBatchSize))
                .append("maxTimeMS", new BsonInt64(await.toMillis()));
        accept(run(cmd).getDocument("cursor"), "nextBatch");
        lastBatchFull = pending.size() >= nextBatchSize;
        nextBatchSize = lastBatchFull ? Math.min(nextBatchSize * 2, batchSize * MAX_BATCH_GROWTH) : batchSize;
        out.addAll(pending);
        pending = null;
        return out;
    }

    /** The server's post-batch resume token (real servers 4.0.7+), or null. */
    BsonDocument postBatchResumeToken() {
        return postBatchResumeToken;
    }

    /** Whether the last getMore returned a full batch: the server may hold more events right now. */
    boolean mayHaveMore() {
        return lastBatchFull;
    }

    /** Whether the server closed the cursor (after an invalidate). */
    boolean exhausted() {
        return cursorId == 0 && pending == null;
    }

    private void accept(BsonDocument cursor, String batchField) {
        cursorId = cursor.getNumber("id").longValue();
        List<BsonDocument> batch = new ArrayList<>();
        for (BsonValue v : cursor.getArray(batchField, new BsonArray())) {
            batch.add(v.asDocument());
        }
        pending = batch;
        if (cursor.isDocument("postBatchResumeToken")) {
            postBatchResumeToken = cursor.getDocument("postBatchResumeToken");
        }
    }

    private BsonDocument run(BsonDocument cmd) {
        try {
            return db.runCommand(cmd, BsonDocument.class);
        } catch (MongoCommandException e) {
            if (HISTORY_LOST.contains(e.getErrorCode())) {
                throw new HistoryLostException("change stream history on " + where() + " is gone (" + e.getErrorCodeName()
                        + "): events since the last committed position are lost; a new snapshot must start the next window", e);
            }
            throw new ProdguardException(ErrorCode.CONNECTION, "change stream on " + where() + " failed: "
                    + e.getErrorMessage() + " (code " + e.getErrorCode() + ")", e);
        } catch (MongoException e) {
            throw new ProdguardException(ErrorCode.CONNECTION, "change stream on " + where() + " failed: "
                    + ConnectionProblem.describe(e), e);
        }
    }

    private String where() {
        return coll == null ? "database " + db.getName() : db.getName() + "." + coll;
    }

    @Override
    public void close() {
        if (cursorId != 0) {
            try {
                db.runCommand(new BsonDocument("killCursors", new BsonString(coll == null ? "$cmd.aggregate" : coll))
                        .append("cursors", new BsonArray(List.of(new BsonInt64(cursorId)))));
            } catch (RuntimeException ignored) {
                // the cursor dies with the connection or times out on the server
            }
            cursorId = 0;
        }
    }
}
