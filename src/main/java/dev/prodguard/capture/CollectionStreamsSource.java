package dev.prodguard.capture;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.bson.BsonTimestamp;

/**
 * One change stream per collection, merged into cluster-time order: the fallback where the
 * database-level stream misses events (the embedded server's {@code db.watch()} sees only drops).
 * Collections appearing later are watched from the last emitted cluster time, so their first events
 * are not lost. Costs one stream per collection: never use it on Atlas M0 (five streams per cluster).
 *
 * <p>Each poll emits only events up to a high-water cluster time H below which every stream is
 * complete: with a {@code clock} (the embedded server, whose getMore returns everything in its oplog)
 * the newest oplog time obtained at the start of the PREVIOUS poll (read then, or, by {@link EmbeddedOplog},
 * during the poll before it, after that poll's events arrived: never later), because a concurrent write
 * takes its timestamp a moment before its oplog entry becomes visible; without one, the smallest post-batch
 * resume token of all streams. If a new collection appears during a poll, H does not advance.
 */
public final class CollectionStreamsSource implements ChangeSource {
    private final MongoDatabase db;
    private final StreamOptions options;
    private final EventNormaliser normaliser;
    private final Supplier<BsonTimestamp> clock;
    private final Map<String, RawChangeStream> streams = new LinkedHashMap<>();
    private final List<ChangeEvent> pending = new ArrayList<>();
    private final Map<String, BsonTimestamp> seenTokens = new HashMap<>();
    private CapturePosition position;
    private BsonTimestamp previousClock;

    /**
     * @param clock the server's newest cluster time (see class comment), or null to rely on
     *     post-batch resume tokens
     */
    public CollectionStreamsSource(MongoDatabase db, StreamOptions options, EventNormaliser normaliser, Supplier<BsonTimestamp> clock) {
        this.db = db;
        this.options = options;
        this.normaliser = normaliser;
        this.clock = clock;
    }

    @Override
    public void open(CapturePosition from) {
        close();
        if (from == null) {
            BsonTimestamp now = clock != null ? clock.get() : null;
            from = now != null ? CapturePosition.afterTime(now) : null;
        } else if (from.resumeToken() != null) {
            BsonTimestamp t = from.clusterTime();
            if (t == null) {
                throw new IllegalArgumentException("cannot read a cluster time from resume token " + from.resumeToken().toJson());
            }
            from = CapturePosition.afterTime(t);
        }
        position = from;
        previousClock = null;
        watchNewCollections();
    }

    @Override
    public ChangeBatch nextBatch() {
        BsonTimestamp high = null;
        if (clock != null) {
            high = previousClock;
            previousClock = clock.get();
        }
        watchNewCollections(); // opened from the last position and polled now: complete up to H
        BsonTimestamp minPbrt = null;
        BsonTimestamp fullBatchLimit = null;
        for (Iterator<Map.Entry<String, RawChangeStream>> it = streams.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RawChangeStream> e = it.next();
            RawChangeStream s = e.getValue();
            List<org.bson.BsonDocument> raw = s.next();
            if (s.mayHaveMore() && !raw.isEmpty()) {
                // a full batch: this stream is complete only up to its last event, so H must not pass it
                BsonTimestamp lastOfBatch = raw.get(raw.size() - 1).getTimestamp("clusterTime");
                if (fullBatchLimit == null || lastOfBatch.compareTo(fullBatchLimit) < 0) {
                    fullBatchLimit = lastOfBatch;
                }
            }
            for (ChangeEvent ev : normaliser.normalise(raw, new Namespace(db.getName(), e.getKey()))) {
                String token = ev.meta().resumeToken().toJson();
                if ((position == null || position.precedes(ev.meta().clusterTime())) && seenTokens.putIfAbsent(token, ev.meta().clusterTime()) == null) {
                    pending.add(ev);
                }
            }
            BsonTimestamp pbrt = ResumeTokens.clusterTime(s.postBatchResumeToken());
            if (pbrt != null && (minPbrt == null || pbrt.compareTo(minPbrt) < 0)) {
                minPbrt = pbrt;
            }
            if (s.exhausted()) {
                s.close(); // invalidated (dropped or renamed); reopened from the last position if it comes back
                it.remove();
            }
        }
        // a collection that appeared while polling may hold events up to H that no stream returned yet
        boolean grew = watchNewCollections();
        if (clock == null) {
            high = minPbrt;
        }
        if (high != null && fullBatchLimit != null && fullBatchLimit.compareTo(high) < 0) {
            high = fullBatchLimit;
        }
        if (grew || high == null || (position != null && position.clusterTime() != null && high.compareTo(position.clusterTime()) <= 0)) {
            return new ChangeBatch(List.of(), position);
        }
        List<ChangeEvent> ready = new ArrayList<>();
        for (Iterator<ChangeEvent> it = pending.iterator(); it.hasNext(); ) {
            ChangeEvent ev = it.next();
            if (ev.meta().clusterTime().compareTo(high) <= 0) {
                ready.add(ev);
                it.remove();
            }
        }
        ready.sort(Comparator.comparing(ev -> ev.meta().clusterTime()));
        position = CapturePosition.afterTime(high);
        BsonTimestamp h = high;
        seenTokens.values().removeIf(t -> t.compareTo(h) <= 0); // those are filtered by position now
        return new ChangeBatch(ready, position);
    }

    private boolean watchNewCollections() {
        Set<String> names = new TreeSet<>();
        for (String name : db.listCollectionNames()) {
            if (!name.startsWith("system.")) {
                names.add(name);
            }
        }
        boolean grew = false;
        for (String name : names) {
            if (!streams.containsKey(name)) {
                CapturePosition from = position;
                streams.put(name, RawChangeStream.open(db, name, options.stage(from, false), options.batchSize(), options.await()));
                grew = true;
            }
        }
        return grew;
    }

    /** Collections currently watched (for status and tests). */
    public Set<String> watchedCollections() {
        return Set.copyOf(streams.keySet());
    }

    @Override
    public String describe() {
        return "collection streams";
    }

    @Override
    public void close() {
        streams.values().forEach(RawChangeStream::close);
        streams.clear();
        pending.clear();
        seenTokens.clear();
    }
}
