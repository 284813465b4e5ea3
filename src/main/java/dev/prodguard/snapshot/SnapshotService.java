package dev.prodguard.snapshot;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots: every collection of a database streamed as raw BSON into repository objects,
 * several collections at once, then the manifest written last as the commit point. Holds the
 * repository's "repo" operation lock while it runs.
 *
 * <p>Left out on purpose: {@code system.*} collections (server-managed; views are recorded from
 * listCollections instead) and prodguard's own probe collections {@link #EXCLUDED}, which hold no
 * user data. Every other collection, prodguard_* ones included, is kept.
 */
public final class SnapshotService {
    /** The collection a running restore keeps its marker (and lock) in, in its target database. */
    public static final String RESTORE_MARKER = dev.prodguard.config.OwnCollections.RESTORE_MARKER;

    /**
     * prodguard's own scratch collections (doctor's connection test, capture's heartbeat, a restore's marker):
     * never snapshotted, never replayed, never user activity.
     */
    public static final Set<String> EXCLUDED = Set.of(dev.prodguard.config.OwnCollections.CONNECTION_TEST,
            dev.prodguard.config.OwnCollections.HEARTBEAT, RESTORE_MARKER);

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

    private final MongoClient client;
    private final Repository repo;
    private final SnapshotOptions options;
    private final Clock clock;
    private java.util.function.Consumer<String> beforeCollection = name -> {};

    public SnapshotService(MongoClient client, Repository repo, SnapshotOptions options, Clock clock) {
        this.client = client;
        this.repo = repo;
        this.options = options;
        this.clock = clock;
    }

    /** The client the snapshot reads through. */
    public MongoClient client() {
        return client;
    }

    /** Test seam: called on the worker thread just before a collection is read (e.g. to write between collections). */
    public SnapshotService beforeCollection(java.util.function.Consumer<String> hook) {
        this.beforeCollection = hook;
        return this;
    }

    /** Snapshots {@code dbName} and commits it as a regular snapshot; returns what was stored. */
    public SnapshotResult take(String dbName, ProgressListener listener) {
        return take(dbName, listener, SnapshotManifest.BACKUP, null);
    }

    /**
     * Snapshots {@code dbName} as a safety snapshot (before a forced restore replaces it): restorable by id,
     * never "latest", never a point-in-time base, a retention slot or a restore test. {@code note} tells
     * people what it holds (null: nothing special).
     */
    public SnapshotResult takeSafety(String dbName, String note) {
        return take(dbName, ProgressListener.NONE, SnapshotManifest.SAFETY, note);
    }

    private SnapshotResult take(String dbName, ProgressListener listener, String purpose, String note) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        try (OperationLock lock = repo.lock("repo", "backup", options.lockStaleAfter(), clock)) {
            if (lock.takeoverNotice() != null) {
                LOG.warn(lock.takeoverNotice());
            }
            return takeLocked(dbName, progress, purpose, note);
        } finally {
            progress.finished();
        }
    }

    private SnapshotResult takeLocked(String dbName, ProgressListener progress, String purpose, String note) {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        String id = SnapshotIds.next(start);
        MongoDatabase db = client.getDatabase(dbName);
        List<BsonDocument> entries = listCollections(db, dbName);
        progress.started(progress == ProgressListener.NONE ? 0 : estimate(db, entries));

        ConcurrentLinkedQueue<ObjectRef> written = new ConcurrentLinkedQueue<>();
        CollectionDumper dumper = new CollectionDumper(repo, options, "snapshots/" + id + "/", progress, written::add,
                this::startSession);
        List<CollectionEntry> collections = new ArrayList<>();
        java.util.Map<String, BsonDocument> byName = new java.util.LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.getString("name").getValue(), e));
        List<String> dataNames = byName.keySet().stream().filter(n -> !isView(byName.get(n))).toList();
        Workers.Group<CollectionEntry> dumps = null;
        try (CollectionMetadata meta = new CollectionMetadata(db, dataNames, "snapshot-meta-" + id)) {
            List<String> order = meta.largestFirst(dataNames);
            List<java.util.concurrent.Callable<CollectionEntry>> tasks = new ArrayList<>();
            for (String name : order) {
                BsonDocument e = byName.get(name);
                String type = e.getString("type", new org.bson.BsonString("collection")).getValue();
                tasks.add(() -> {
                    beforeCollection.accept(name);
                    return dumper.dump(db, name, type, e, meta);
                });
            }
            dumps = Workers.run(tasks, options.parallelism(), "snapshot-" + id);
            java.util.Map<String, java.util.concurrent.CompletableFuture<CollectionEntry>> futures = new java.util.HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                futures.put(order.get(i), dumps.futures().get(i));
            }
            for (BsonDocument e : entries) { // the manifest lists collections by name, as listCollections sorted them
                String name = e.getString("name").getValue();
                collections.add(isView(e) ? view(e, name) : Workers.Group.get(futures.get(name)));
            }
        } catch (RuntimeException | Error e) {
            if (dumps != null) {
                dumps.cancel(30); // so that clean-up sees every object the other workers committed
            }
            discard(written);
            if (e instanceof Error err) {
                throw err;
            }
            if (e instanceof ProdguardException pe && pe.code() == ErrorCode.INTERRUPTED) {
                throw new ProdguardException(ErrorCode.INTERRUPTED, "snapshot of " + dbName + " interrupted; nothing was committed");
            }
            throw translate(e, dbName);
        }
        Instant end = clock.instant();
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        SnapshotManifest m = new SnapshotManifest(SnapshotManifest.FORMAT, id, dbName, start.toString(), end.toString(),
                millis, "prodguard", collections, purpose, note);
        new SnapshotCatalog(repo).commit(m);
        return new SnapshotResult(id, dbName, m.collectionCount(), m.viewCount(), m.documents(), m.rawBytes(),
                m.storedBytes(), millis);
    }

    /**
     * A session for one collection's cursor (not causally consistent: one cursor needs no ordering), or
     * null when the server has no sessions (then it attaches none to any command either).
     */
    private com.mongodb.client.ClientSession startSession() {
        if (client.getClusterDescription().getLogicalSessionTimeoutMinutes() == null) {
            return null;
        }
        return client.startSession(com.mongodb.ClientSessionOptions.builder().causallyConsistent(false).build());
    }

    private List<BsonDocument> listCollections(MongoDatabase db, String dbName) {
        List<BsonDocument> out = new ArrayList<>();
        try {
            for (RawBsonDocument d : db.listCollections(RawBsonDocument.class)) {
                String name = d.getString("name").getValue();
                if (name.startsWith("system.") || EXCLUDED.contains(name)) {
                    continue;
                }
                out.add(d);
            }
        } catch (MongoException e) {
            throw translate(e, dbName);
        }
        out.sort((a, b) -> a.getString("name").getValue().compareTo(b.getString("name").getValue()));
        return out;
    }

    private static boolean isView(BsonDocument e) {
        return "view".equals(e.getString("type", new org.bson.BsonString("collection")).getValue());
    }

    /** The estimated number of documents, for a progress bar only (one round trip per collection, so skipped when nobody listens). */
    private static long estimate(MongoDatabase db, List<BsonDocument> entries) {
        long estimate = 0;
        for (BsonDocument e : entries) {
            if (!isView(e)) {
                estimate += estimatedCount(db, e.getString("name").getValue());
            }
        }
        return estimate;
    }

    private static long estimatedCount(MongoDatabase db, String name) {
        try {
            return db.getCollection(name).estimatedDocumentCount();
        } catch (MongoException e) {
            return 0; // only for the progress bar
        }
    }

    private static CollectionEntry view(BsonDocument e, String name) {
        BsonDocument opts = e.getDocument("options", new BsonDocument());
        BsonDocument info = e.getDocument("info", new BsonDocument());
        return new CollectionEntry(name, "view", Ejson.toNode(opts), Ejson.toNode(info), List.of(), List.of(), 0,
                ContentHash.current().hex(), 0, 0);
    }

    /** Deletes the objects of a snapshot that will not be committed (best effort; debris is harmless). */
    private void discard(Iterable<ObjectRef> written) {
        for (ObjectRef ref : written) {
            try {
                repo.deleteObject(ref);
            } catch (RuntimeException e) {
                LOG.debug("could not delete uncommitted object {}: {}", ref.key(), e.getMessage());
            }
        }
    }

    static RuntimeException translate(Throwable t, String dbName) {
        if (t instanceof ProdguardException pe) {
            return pe;
        }
        if (t instanceof MongoException me) {
            ConnectionProblem p = ConnectionProblem.of(me);
            return new ProdguardException(ErrorCode.CONNECTION, "snapshot of database " + dbName + " failed: "
                    + p.cause() + "; nothing was committed; " + p.remedy(), me);
        }
        if (t instanceof UncheckedIOException io) {
            return new ProdguardException(ErrorCode.STORAGE, "cannot write the snapshot to the repository: "
                    + io.getCause().getMessage() + "; nothing was committed; check free space and permissions", io);
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        return new IllegalStateException("snapshot of " + dbName + " failed: " + t, t);
    }
}
