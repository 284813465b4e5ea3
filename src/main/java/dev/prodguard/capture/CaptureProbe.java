package dev.prodguard.capture;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;

/**
 * Decides how to capture a database by proof, not by version numbers: it opens a database-level and a
 * collection-level stream, writes a sentinel document into {@code prodguard_heartbeat}, and takes the
 * database stream if it observes the sentinel, else the collection streams if they do, else none.
 * The time from write to observation is the lag. The embedded server has no awaitData, so the probe
 * polls every {@code pollInterval}.
 */
public final class CaptureProbe {
    /** The collection capture writes its sentinel and heartbeat into; never restored. */
    public static final String HEARTBEAT_COLLECTION = dev.prodguard.config.OwnCollections.HEARTBEAT;

    /** Waits between polls; production sleeps, a test may pass a recorder. */
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private final MongoClient client;
    private final MongoDatabase db;
    private final Clock clock;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Pause pause;

    public CaptureProbe(MongoClient client, String dbName, Clock clock, Duration timeout, Duration pollInterval, Pause pause) {
        this.client = client;
        this.db = client.getDatabase(dbName);
        this.clock = clock;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.pause = pause;
    }

    /** A probe with a 3 s deadline polling every 50 ms. */
    public static CaptureProbe standard(MongoClient client, String dbName) {
        return new CaptureProbe(client, dbName, Clock.systemUTC(), Duration.ofSeconds(3), Duration.ofMillis(50), d -> Thread.sleep(d.toMillis()));
    }

    /** How long the probe waits for the event of the index it created. */
    static final Duration INDEX_PROBE_WAIT = Duration.ofSeconds(2);
    private static final String PROBE_INDEX = "prodguard_probe";

    /** Runs the probe; leaves no sentinel behind. */
    public ProbeResult probe() {
        ensureHeartbeatCollection();
        StreamOptions options = StreamOptions.defaults().withFullDocument(null);
        boolean expanded = true;
        RawChangeStream dbStream = null;
        String dbError = null;
        try {
            dbStream = RawChangeStream.open(db, null, options.stage(null, false), 100, Duration.ofMillis(100));
        } catch (ProdguardException e) {
            expanded = false;
            try {
                dbStream = RawChangeStream.open(db, null, options.withoutExpandedEvents().stage(null, false), 100, Duration.ofMillis(100));
            } catch (ProdguardException e2) {
                dbError = e2.getMessage();
            }
        }
        StreamOptions collOptions = expanded ? options : options.withoutExpandedEvents();
        RawChangeStream collStream = null;
        String collError = null;
        try {
            collStream = RawChangeStream.open(db, HEARTBEAT_COLLECTION, collOptions.stage(null, false), 100, Duration.ofMillis(100));
        } catch (ProdguardException e) {
            collError = e.getMessage();
        }
        try {
            return observe(dbStream, dbError, collStream, collError, expanded);
        } finally {
            if (dbStream != null) {
                dbStream.close();
            }
            if (collStream != null) {
                collStream.close();
            }
        }
    }

    private ProbeResult observe(RawChangeStream dbStream, String dbError, RawChangeStream collStream, String collError, boolean expanded) {
        if (dbStream == null && collStream == null) {
            return new ProbeResult(CapturePath.NONE, "this server offers no change streams (" + dbError
                    + "); continuous capture is impossible here (e.g. Atlas Flex, or a standalone mongod): use scheduled snapshots", false, false, null);
        }
        String sentinelId = "sentinel-" + UUID.randomUUID();
        Instant written = clock.instant();
        db.getCollection(HEARTBEAT_COLLECTION).insertOne(new Document("_id", sentinelId).append("kind", "probe").append("at", Date.from(written)));
        Duration dbLag = null;
        Duration collLag = null;
        boolean embedded = false;
        int pollsAfterColl = 0;
        Instant deadline = written.plus(timeout);
        try {
            while (clock.instant().isBefore(deadline) && dbLag == null && (collLag == null || pollsAfterColl < 3)) {
                if (dbStream != null && sees(dbStream, sentinelId)) {
                    dbLag = Duration.between(written, clock.instant());
                }
                if (collLag == null && collStream != null) {
                    BsonDocument seen = find(collStream, sentinelId);
                    if (seen != null) {
                        collLag = Duration.between(written, clock.instant());
                        embedded = EmbeddedEventAdapter.isEmbeddedShape(seen);
                    }
                } else if (collLag != null) {
                    pollsAfterColl++;
                }
                if (dbLag == null) {
                    pause.pause(pollInterval);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "capture probe interrupted");
        } finally {
            db.getCollection(HEARTBEAT_COLLECTION).deleteOne(Filters.eq("_id", sentinelId));
        }
        String shapes = embedded ? "; events lack ns (embedded mongo-java-server deviations): using the embedded-server adapter" : "";
        if (dbLag != null) {
            boolean indexes = expanded && !embedded && reportsIndexChanges(dbStream);
            return new ProbeResult(CapturePath.DATABASE_STREAM, "the database stream observed the sentinel write in "
                    + dbLag.toMillis() + " ms" + shapes + indexNote(indexes), embedded, expanded, dbLag, indexes);
        }
        if (collLag != null) {
            boolean indexes = expanded && !embedded && reportsIndexChanges(collStream);
            String why = dbStream == null ? "the database stream cannot be opened (" + dbError + ")" : "the database stream missed the sentinel write";
            return new ProbeResult(CapturePath.COLLECTION_STREAMS, why + "; collection streams observed it in " + collLag.toMillis()
                    + " ms, so capture uses one stream per collection (not affordable on Atlas M0: 5 streams per cluster)" + shapes
                    + indexNote(indexes), embedded, expanded, collLag, indexes);
        }
        return new ProbeResult(CapturePath.NONE, "no change stream observed the sentinel write within " + timeout.toMillis() + " ms"
                + (collError != null ? " (" + collError + ")" : "") + ": continuous capture is impossible here; use scheduled snapshots",
                false, expanded, null);
    }

    /**
     * Whether the stream reports index changes (MongoDB 6.0+ with showExpandedEvents): creates and drops an
     * index on the heartbeat collection and watches for the createIndexes event, at most {@link #INDEX_PROBE_WAIT}.
     * The embedded server never reports them (a known deviation), so it is not asked.
     */
    private boolean reportsIndexChanges(RawChangeStream s) {
        MongoCollection<Document> hb = db.getCollection(HEARTBEAT_COLLECTION);
        try {
            hb.createIndex(new Document("prodguardProbe", 1), new IndexOptions().name(PROBE_INDEX));
        } catch (MongoException e) {
            return false; // cannot create an index here: observe indexes by listing them
        }
        try {
            Instant deadline = clock.instant().plus(INDEX_PROBE_WAIT);
            while (clock.instant().isBefore(deadline)) {
                for (BsonDocument e : s.next()) {
                    if ("createIndexes".equals(e.getString("operationType", new BsonString("")).getValue())) {
                        return true;
                    }
                }
                pause.pause(pollInterval);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "capture probe interrupted");
        } finally {
            try {
                hb.dropIndex(PROBE_INDEX);
            } catch (MongoException ignored) {
                // gone already, or no privilege: a leftover index on prodguard's own collection harms nothing
            }
        }
    }

    private static String indexNote(boolean indexEvents) {
        return indexEvents ? "; index changes arrive as events" : "; this server does not report index changes as events,"
                + " so capture lists the indexes every " + SchemaWatch.DEFAULT_EVERY.toSeconds() + " s";
    }

    private static boolean sees(RawChangeStream s, String sentinelId) {
        return find(s, sentinelId) != null;
    }

    private static BsonDocument find(RawChangeStream s, String sentinelId) {
        for (BsonDocument e : s.next()) {
            if ("insert".equals(e.getString("operationType", new BsonString("")).getValue())
                    && e.isDocument("documentKey")
                    && new BsonString(sentinelId).equals(e.getDocument("documentKey").get("_id"))) {
                return e;
            }
        }
        return null;
    }

    private void ensureHeartbeatCollection() {
        try {
            db.createCollection(HEARTBEAT_COLLECTION);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != 48) { // NamespaceExists
                throw new ProdguardException(ErrorCode.CONNECTION, "cannot create " + db.getName() + "."
                        + HEARTBEAT_COLLECTION + ": " + e.getErrorMessage(), e);
            }
        }
    }

    /**
     * Opens the change source the probe chose, positioned at {@code from} (null: now).
     *
     * @throws ProdguardException NOT_SUPPORTED when the probe found no working path
     */
    public ChangeSource openSource(ProbeResult result, CapturePosition from) {
        StreamOptions options = result.expandedEvents() ? StreamOptions.defaults() : StreamOptions.defaults().withoutExpandedEvents();
        EmbeddedOplog oplog = result.embeddedShapes() ? new EmbeddedOplog(client) : null;
        EventNormaliser normaliser = oplog != null ? new EmbeddedEventAdapter(oplog) : EventNormaliser.REAL_SERVER;
        ChangeSource source;
        switch (result.path()) {
            case DATABASE_STREAM:
                source = new DatabaseStreamSource(db, options, normaliser);
                break;
            case COLLECTION_STREAMS:
                source = new CollectionStreamsSource(db, options, normaliser, oplog != null ? oplog::newest : null);
                break;
            default:
                throw new ProdguardException(ErrorCode.NOT_SUPPORTED, "cannot capture changes of " + db.getName() + ": " + result.reason());
        }
        source.open(from);
        return source;
    }
}
