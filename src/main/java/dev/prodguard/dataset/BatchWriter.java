package dev.prodguard.dataset;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Buffers generated documents per collection and writes them with insertMany in fixed-size batches. */
final class BatchWriter {
    private final MongoDatabase db;
    private final int batchSize;
    private final Map<String, List<Document>> pending = new LinkedHashMap<>();
    private final Map<String, Long> written = new LinkedHashMap<>();

    BatchWriter(MongoDatabase db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
    }

    void add(String collection, Document doc) {
        List<Document> buf = pending.computeIfAbsent(collection, c -> new ArrayList<>(batchSize));
        buf.add(doc);
        if (buf.size() >= batchSize) {
            flush(collection, buf);
        }
    }

    void addAll(String collection, List<Document> docs) {
        for (Document d : docs) {
            add(collection, d);
        }
    }

    /** Writes everything still buffered; returns documents written per collection. */
    Map<String, Long> finish() {
        pending.forEach(this::flush);
        return written;
    }

    private void flush(String collection, List<Document> buf) {
        if (buf.isEmpty()) {
            return;
        }
        db.getCollection(collection).insertMany(buf, new InsertManyOptions().ordered(true));
        written.merge(collection, (long) buf.size(), Long::sum);
        buf.clear();
    }
}
