package dev.prodguard.capture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * EMBEDDED-SERVER ADAPTER. Reads the embedded server's {@code local.oplog.rs} (a plain collection
 * there): the entries behind its incomplete change events, and its newest timestamp as the clock
 * {@link CollectionStreamsSource} needs. Never used against a real server (Atlas M0 allows oplog
 * queries only with an equality filter on {@code ns}).
 *
 * <p>The embedded server has no index on {@code ts}: every query matches the whole oplog, so at a
 * high write rate the number of queries per poll is what costs. One query, for the entries newer
 * than the last one read (at most {@link #PAGE}, oldest first), serves both: its newest timestamp is
 * the clock, and its entries are kept until the events they repair arrive. A poll's events arrive
 * after its clock was read, so the first {@link #entries} of a poll reads on, and the next
 * {@link #newest} returns what that read saw instead of reading again (an older clock is only more
 * conservative). Entries not kept (older, or evicted) are read with a range query as before.
 */
public final class EmbeddedOplog implements EmbeddedEventAdapter.OplogReader {
    /** Entries read per query (oldest first). */
    static final int PAGE = 1000;

    /** Entries kept at most; older ones are evicted first. */
    static final int KEEP = 3 * PAGE;

    private final MongoClient client;
    private final NavigableMap<BsonTimestamp, BsonDocument> kept = new TreeMap<>();
    private BsonTimestamp last;
    private boolean readSinceNewest;
    private long queries;

    public EmbeddedOplog(MongoClient client) {
        this.client = client;
    }

    private MongoCollection<BsonDocument> oplog() {
        return client.getDatabase("local").getCollection("oplog.rs", BsonDocument.class);
    }

    /**
     * The newest oplog timestamp (every change up to it is visible to every stream), or Timestamp(0, 0):
     * what the last read saw if one happened since the previous call (a read after that call's events
     * arrived), otherwise read now. Only entries newer than the last answer are matched and sorted
     * (natural order is not used: after a restart of the H2 backend it is not insertion order).
     */
    public BsonTimestamp newest() {
        if (!readSinceNewest) {
            readOn();
        }
        readSinceNewest = false;
        return last == null ? new BsonTimestamp(0, 0) : last;
    }

    /**
     * {@inheritDoc} From the kept entries, reading on when a wanted time is newer than the last read;
     * what is still missing with one range query from the smallest to the largest missing time, filtered
     * here (the embedded server matches {@code $in} by comparing every oplog entry with every listed
     * time, which made a 1000-event batch cost oplog size × 1000 comparisons).
     */
    @Override
    public Map<BsonTimestamp, BsonDocument> entries(Collection<BsonTimestamp> times) {
        if (times.isEmpty()) {
            return Map.of();
        }
        Set<BsonTimestamp> wanted = new HashSet<>(times);
        BsonTimestamp max = Collections.max(wanted);
        while (last != null && max.compareTo(last) > 0) { // only once newest() started reading: never the whole oplog
            if (readOn() < PAGE) {
                break;
            }
        }
        Map<BsonTimestamp, BsonDocument> out = new HashMap<>();
        Set<BsonTimestamp> missing = new HashSet<>();
        for (BsonTimestamp t : wanted) {
            BsonDocument d = kept.remove(t);
            if (d != null) {
                out.put(t, d);
            } else {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            queries++;
            BsonTimestamp min = Collections.min(missing);
            BsonTimestamp top = Collections.max(missing);
            for (BsonDocument d : oplog().find(Filters.and(Filters.gte("ts", min), Filters.lte("ts", top)))) {
                BsonTimestamp ts = d.getTimestamp("ts");
                if (missing.contains(ts)) {
                    out.put(ts, d);
                }
            }
        }
        return out;
    }

    /** Oplog queries so far (each matches the whole oplog on the embedded server). */
    long queries() {
        return queries;
    }

    /**
     * Reads the next page of entries newer than the last read and keeps them (an entry is dropped when
     * served, or, oldest first, beyond {@link #KEEP}: a range query finds it). Returns how many were read.
     */
    private int readOn() {
        queries++;
        readSinceNewest = true;
        if (last == null) { // the first read: only where the oplog ends now
            BsonDocument top = oplog().find().sort(Sorts.descending("ts")).limit(1).first();
            last = top == null ? null : top.getTimestamp("ts");
            return 0;
        }
        int n = 0;
        for (BsonDocument d : oplog().find(new BsonDocument("ts", new BsonDocument("$gt", last))).sort(Sorts.ascending("ts")).limit(PAGE)) {
            BsonTimestamp ts = d.getTimestamp("ts");
            kept.put(ts, d);
            last = ts;
            n++;
        }
        while (kept.size() > KEEP) {
            kept.pollFirstEntry();
        }
        return n;
    }

    @Override
    public BsonDocument currentDocument(Namespace ns, BsonValue id) {
        return client.getDatabase(ns.db()).getCollection(ns.coll(), BsonDocument.class).find(Filters.eq("_id", id)).first();
    }
}
