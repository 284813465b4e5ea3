package dev.prodguard.capture;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;

/** Turns the raw event documents of one poll into normalised events (dropping none that change data). */
public interface EventNormaliser {
    /** @param contextNs the namespace the stream watches (its database for a database-level stream) */
    List<ChangeEvent> normalise(List<BsonDocument> raw, Namespace contextNs);

    /** The real server's documented shapes, through {@link ChangeEventParser}. */
    EventNormaliser REAL_SERVER = (raw, ns) -> {
        List<ChangeEvent> out = new ArrayList<>(raw.size());
        for (BsonDocument d : raw) {
            out.add(ChangeEventParser.parse(d, ns));
        }
        return out;
    };
}
