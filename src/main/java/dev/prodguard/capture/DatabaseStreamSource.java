package dev.prodguard.capture;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;

/**
 * One database-level change stream ({@code db.watch()}): every collection of the database through a
 * single cursor. The right path on real servers, and the only affordable one on Atlas M0 (at most
 * five change streams per cluster). After an invalidate (the database was dropped or renamed) it
 * reopens with {@code startAfter} the invalidate's token.
 */
public final class DatabaseStreamSource implements ChangeSource {
    private final MongoDatabase db;
    private final StreamOptions options;
    private final EventNormaliser normaliser;
    private RawChangeStream stream;
    private CapturePosition position;
    private boolean reopenAfterInvalidate;

    public DatabaseStreamSource(MongoDatabase db, StreamOptions options, EventNormaliser normaliser) {
        this.db = db;
        this.options = options;
        this.normaliser = normaliser;
    }

    @Override
    public void open(CapturePosition from) {
        close();
        position = from;
        stream = RawChangeStream.open(db, null, options.stage(from, false), options.batchSize(), options.await());
    }

    @Override
    public ChangeBatch nextBatch() {
        if (stream == null) {
            throw new IllegalStateException("open() first");
        }
        if (reopenAfterInvalidate) {
            stream.close();
            stream = RawChangeStream.open(db, null, options.stage(position, true), options.batchSize(), options.await());
            reopenAfterInvalidate = false;
        }
        List<BsonDocument> raw = stream.next();
        List<ChangeEvent> events = new ArrayList<>();
        for (ChangeEvent e : normaliser.normalise(raw, Namespace.ofDatabase(db.getName()))) {
            // the server resumes exactly after a token (even inside a transaction); only a time needs a filter
            if (position == null || position.resumeToken() != null || position.precedes(e.meta().clusterTime())) {
                events.add(e);
            }
        }
        if (!raw.isEmpty()) {
            BsonDocument lastToken = raw.get(raw.size() - 1).getDocument("_id");
            position = CapturePosition.afterToken(lastToken);
            reopenAfterInvalidate = "invalidate".equals(raw.get(raw.size() - 1).getString("operationType").getValue());
        }
        BsonDocument pbrt = stream.postBatchResumeToken();
        if (pbrt != null && !reopenAfterInvalidate) {
            CapturePosition p = CapturePosition.afterToken(pbrt);
            if (position == null || position.clusterTime() == null || p.clusterTime() == null
                    || p.clusterTime().compareTo(position.clusterTime()) >= 0) {
                position = p;
            }
        }
        return new ChangeBatch(events, position);
    }

    @Override
    public String describe() {
        return "database stream";
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
