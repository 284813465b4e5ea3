package dev.prodguard.snapshot;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bson.RawBsonDocument;

/** Reads collections as exact BSON bytes, for byte-for-byte comparisons. */
final class RawCompare {
    private RawCompare() {}

    /** The documents of a collection as hex strings of their exact bytes, sorted (order-independent). */
    static List<String> documents(MongoDatabase db, String collection) {
        List<String> out = new ArrayList<>();
        try (MongoCursor<RawBsonDocument> c = db.getCollection(collection, RawBsonDocument.class).find().iterator()) {
            while (c.hasNext()) {
                ByteBuffer b = c.next().getByteBuffer().asNIO();
                byte[] bytes = Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(),
                        b.arrayOffset() + b.position() + b.remaining());
                out.add(HexFormat.of().formatHex(bytes));
            }
        }
        out.sort(null);
        return out;
    }

    /** The index definitions of a collection as canonical JSON without {@code ns} (older servers add it), sorted. */
    static List<String> indexes(MongoDatabase db, String collection) {
        List<String> out = new ArrayList<>();
        for (org.bson.BsonDocument ix : db.getCollection(collection).listIndexes(org.bson.BsonDocument.class)) {
            ix.remove("ns");
            out.add(ix.toJson());
        }
        out.sort(null);
        return out;
    }
}
