package dev.prodguard.restore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.replay.ReplayStats;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.snapshot.Workers;
import dev.prodguard.text.Instants;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a restore plan to a database. Refuses a target that holds data of the user's unless the plan is
 * forced (then a safety snapshot of the target comes first); checks the stored bytes of every object against
 * their manifest before writing anything (unless the pre-check is off); then marks the target
 * ({@link RestoreMarker}: the restore's lock, and the sign of partial data should it stop) and writes data,
 * indexes, views and replayed changes; the marker goes only when all of it succeeded. Writes nothing to the
 * repository unless it takes a safety snapshot, so a read-only repository restores into a new database.
 */
public final class RestoreExecutor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RestoreExecutor.class);
    private final MongoClient client;
    private final Repository repo;
    private final RestoreOptions options;
    private final Clock clock;
    private ProgressListener progress = ProgressListener.NONE;
    private ReplayStats replayed = ReplayStats.NONE;
    private String source;
    private long leadBytes = LEAD_BYTES;

    /** {@code client} reaches the target deployment; the source is the repository. */
    public RestoreExecutor(MongoClient client, Repository repo, RestoreOptions options, Clock clock) {
        this.client = client;
        this.repo = repo;
        this.options = options;
        this.clock = clock;
    }

    /** Reports documents and bytes as they are inserted. */
    public RestoreExecutor progress(ProgressListener listener) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
        return this;
    }

    /** What the target's marker names as the source (default "snapshot &lt;id&gt;"; point-in-time: "point in time &lt;instant&gt;"). */
    public RestoreExecutor source(String description) {
        this.source = description;
        return this;
    }

    /** Stored bytes the pre-check's one thread checks alone before the others join in ({@link #LEAD_BYTES}; tests). */
    RestoreExecutor precheckLead(long bytes) {
        this.leadBytes = bytes;
        return this;
    }

    /** What the last {@link #execute} replayed from change segments (point-in-time restores). */
    public ReplayStats replayed() {
        return replayed;
    }

    /** Runs the plan. @throws ProdguardException REFUSED, REPOSITORY, CONNECTION, LOCKED */
    public RestoreResult execute(RestorePlan plan) {
        long start = System.nanoTime();
        String target = plan.targetDb();
        Duration staleAfter = options.lockStaleAfter();
        // the stored objects are checked while the target is read (both only read), and before anything is written
        Workers.Group<Void> check = options.precheck() ? startPrecheck(plan) : null;
        try {
            TargetState state;
            try {
                state = TargetState.read(client, target, staleAfter, clock);
                refuseUnlessAllowed(plan, state, staleAfter);
            } catch (RuntimeException | Error e) {
                if (check != null) {
                    check.cancel(0); // it only reads: nothing to wait for before saying why the restore is refused
                }
                throw e;
            }
            if (check != null) {
                awaitPrecheck(check, plan);
            }
            MongoDatabase db = client.getDatabase(target);
            String from = source != null ? source : "snapshot " + plan.snapshot().id();
            boolean followed = MarkerInHistory.captured(repo, target, clock);
            long afterSeq = followed ? MarkerInHistory.newestSeq(repo, target) : 0;
            try (RestoreMarker marker = state.marker() == null ? RestoreMarker.place(db, from, staleAfter, clock)
                    : RestoreMarker.takeOver(db, state.marker(), from, staleAfter, clock)) {
                if (followed) {
                    awaitMarkerInHistory(target, afterSeq, marker);
                }
                return run(plan, db, state, marker, start);
            }
        } catch (MongoException e) {
            ConnectionProblem p = ConnectionProblem.of(e);
            throw new ProdguardException(ErrorCode.CONNECTION, "restore into " + target + " failed: " + p.cause() + "; "
                    + p.remedy(), e);
        }
    }

    /** Waits until capture of the target has recorded this restore's marker (see {@link MarkerInHistory}). */
    private void awaitMarkerInHistory(String target, long afterSeq, RestoreMarker marker) {
        try {
            if (!MarkerInHistory.await(repo, target, afterSeq, marker.token(), clock, d -> Thread.sleep(d.toMillis()))) {
                LOG.warn("capture of {} did not record this restore's marker within {} s; what the restore drops may be"
                        + " reported as a wipe", target, MarkerInHistory.WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            marker.remove(); // nothing else was written: the target is as it was
            throw new ProdguardException(ErrorCode.INTERRUPTED, "restore into " + target + " interrupted before it wrote"
                    + " anything; its marker was removed");
        } catch (ProdguardException e) {
            if (e.code() == ErrorCode.KEY) {
                throw e;
            }
            LOG.warn("cannot read the capture history of {} ({}); what the restore drops may be reported as a wipe", target,
                    e.getMessage());
        }
    }

    private static void refuseUnlessAllowed(RestorePlan plan, TargetState state, Duration staleAfter) {
        String target = plan.targetDb();
        RestoreMarker.Found m = state.marker();
        if (m != null && !m.stale()) {
            throw RestoreMarker.locked(target, m.describe(), staleAfter);
        }
        if (m != null && !plan.force()) {
            throw ProdguardException.refused(target + " holds PARTIAL data of a restore that stopped: " + m.describe()
                    + "; " + RestoreMarker.rule(staleAfter) + "; nothing was written. Restore it again with --force ("
                    + m.restoreAgain() + "; its safety snapshot is labelled as partial data), or drop database " + target
                    + " and restore into it");
        }
        if (m == null && !state.empty() && !plan.force()) {
            throw ProdguardException.refused("target database " + target + " is not empty (it holds "
                    + state.user().size() + " collection(s): " + preview(state.user()) + "); nothing was written."
                    + " Restore into a new database (the default, or --target-db NEW), or add --force to take a"
                    + " safety snapshot of " + target + " and then replace the restored collections");
        }
    }

    private RestoreResult run(RestorePlan plan, MongoDatabase db, TargetState state, RestoreMarker marker, long start) {
        String target = plan.targetDb();
        String safety = state.empty() ? null : safetySnapshot(target, state, marker);
        List<String> notes = new ArrayList<>();
        List<CollectionEntry> load = new ArrayList<>(plan.collections());
        Set<String> notReplayed = new HashSet<>();
        if (state.own().contains(TargetState.ENVIRONMENT)) {
            notReplayed.add(TargetState.ENVIRONMENT);
            if (load.removeIf(c -> c.name().equals(TargetState.ENVIRONMENT))) {
                notes.add("kept the environment marker of " + target + " (" + TargetState.ENVIRONMENT + ", from 'gate --mark');"
                        + " the " + TargetState.ENVIRONMENT + " of snapshot " + plan.snapshot().id() + " was not restored:"
                        + " a restore never replaces a database's own marker");
            }
        }
        progress.started(plan.documents());
        Map<String, AtomicLong> written = new LinkedHashMap<>();
        load.forEach(c -> written.put(c.name(), new AtomicLong(-1)));
        try {
            loadAll(db, load, state.all(), written);
            for (CollectionEntry v : plan.views()) {
                if (state.all().contains(v.name())) {
                    db.getCollection(v.name()).drop();
                }
                CollectionLoader.create(db, v);
            }
            marker.ensureHeld();
            if (!plan.replay().isEmpty()) {
                replayed = new SegmentReplayer(client, repo, options.parallelism()).replay(plan, notReplayed);
            }
            marker.ensureHeld();
            marker.remove();
        } catch (RuntimeException e) {
            throw partial(plan, written, safety, e);
        } finally {
            progress.finished();
        }
        long docs = written.values().stream().mapToLong(AtomicLong::get).sum();
        return new RestoreResult(target, load.size(), plan.views().size(), docs, plan.rawBytes(),
                (System.nanoTime() - start) / 1_000_000, safety, notes);
    }

    /**
     * The safety snapshot of a target that holds data of the user's (labelled as partial data when a stopped
     * restore left it); when it cannot be taken nothing else was written, so the new marker goes again.
     */
    private String safetySnapshot(String target, TargetState state, RestoreMarker marker) {
        RestoreMarker.Found stopped = state.marker();
        try {
            String id = new SnapshotService(client, repo, options.safetySnapshot(), clock).takeSafety(target,
                    stopped == null ? null : "partial data of a restore killed at " + Instants.human(stopped.heartbeat())).id();
            marker.safetySnapshot(id);
            return id;
        } catch (RuntimeException e) {
            if (stopped == null) {
                marker.remove(); // the target is as it was
            }
            ErrorCode code = e instanceof ProdguardException pe ? pe.code() : ErrorCode.CONNECTION;
            throw new ProdguardException(code, "restore into " + target + " refused: the safety snapshot of " + target
                    + " could not be taken (" + e.getMessage() + "); nothing was written to " + target, e);
        }
    }

    private void loadAll(MongoDatabase db, List<CollectionEntry> load, List<String> existing, Map<String, AtomicLong> written) {
        CollectionLoader loader = new CollectionLoader(repo, options, progress);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (CollectionEntry c : load) {
            tasks.add(() -> {
                if (existing.contains(c.name())) {
                    db.getCollection(c.name()).drop();
                }
                CollectionLoader.create(db, c);
                written.get(c.name()).set(0);
                loader.loadData(db, c, written.get(c.name()));
                CollectionLoader.buildIndexes(db, c);
                return null;
            });
        }
        runAll(tasks, options.parallelism(), "restore");
    }

    /**
     * Starts checking every object of the plan on the restore's workers (size and SHA-256 of its stored bytes,
     * which the integrity-checked manifest records), to be awaited before anything is written; the restore then
     * streams each object once, and that read checks everything again (authentication, zstd checksum, sizes, hash).
     */
    private Workers.Group<Void> startPrecheck(RestorePlan plan) {
        List<ObjectRef> refs = plan.objects();
        int lead = leadingObjects(refs);
        List<Callable<Void>> rest = new ArrayList<>();
        for (ObjectRef ref : refs.subList(lead, refs.size())) {
            rest.add(() -> {
                repo.checkStored(ref);
                return null;
            });
        }
        if (lead == 0) {
            return Workers.run(rest, options.parallelism(), "restore-check");
        }
        // on a local disk, one thread checks the first objects alone: in a fresh process SHA-256 runs interpreted until
        // the JIT has compiled it, and every thread interpreting it at once took twice the time and CPU (5.1 MiB: one
        // thread 37-57 ms and 70-110 ms of CPU, four threads 73-126 ms and 140-250 ms)
        return Workers.run(List.of(() -> {
            for (ObjectRef ref : refs.subList(0, lead)) {
                repo.checkStored(ref);
            }
            if (!rest.isEmpty()) {
                await(Workers.run(rest, options.parallelism(), "restore-check"));
            }
            return null;
        }), 1, "restore-check");
    }

    /** Stored bytes one thread checks alone first, on storage whose reads are the reader's own work (a local disk). */
    static final long LEAD_BYTES = 8L << 20;

    /** How many of the first objects one thread checks alone: none on object storage (each read waits for a round trip). */
    private int leadingObjects(List<ObjectRef> refs) {
        if (!repo.storage().readsAreLocal()) {
            return 0;
        }
        long bytes = 0;
        int n = 0;
        while (n < refs.size() && bytes < leadBytes) {
            bytes += refs.get(n++).storedBytes();
        }
        return n;
    }

    /** Waits for the pre-check; a damaged object refuses the restore, which has written nothing yet. */
    private static void awaitPrecheck(Workers.Group<Void> check, RestorePlan plan) {
        try {
            await(check);
        } catch (ProdguardException e) {
            throw new ProdguardException(e.code(), "restore refused: " + e.getMessage() + "; nothing was written to "
                    + plan.targetDb(), e);
        }
    }

    private static void runAll(List<Callable<Void>> tasks, int parallelism, String name) {
        await(Workers.run(tasks, parallelism, name));
    }

    /** Waits for every task; on a failure the others stop before the error is reported. */
    private static void await(Workers.Group<Void> group) {
        try {
            group.awaitAll();
        } catch (RuntimeException | Error e) {
            group.cancel(30);
            throw e;
        }
    }

    /** The error for a restore that stopped after writing: what failed, and what the target now holds. */
    private static ProdguardException partial(RestorePlan plan, Map<String, AtomicLong> written, String safety,
            RuntimeException cause) {
        List<String> touched = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, AtomicLong> e : written.entrySet()) {
            long n = e.getValue().get();
            if (n >= 0) {
                touched.add(e.getKey() + " (" + n + " document(s))");
                total += n;
            }
        }
        String why;
        ErrorCode code;
        if (cause instanceof ProdguardException pe) {
            why = pe.getMessage();
            code = pe.code();
        } else if (cause instanceof MongoBulkWriteException bw) {
            why = "the database rejected " + bw.getWriteErrors().size() + " document(s): "
                    + bw.getWriteErrors().get(0).getMessage();
            code = ErrorCode.CONNECTION;
        } else if (cause instanceof MongoException me) {
            why = ConnectionProblem.of(me).cause();
            code = ErrorCode.CONNECTION;
        } else if (cause instanceof UncheckedIOException io) {
            why = io.getMessage();
            code = ErrorCode.REPOSITORY;
        } else {
            throw cause;
        }
        String what = touched.isEmpty() ? "it holds no restored data yet"
                : "it now holds PARTIAL data (" + total + " document(s) in " + preview(touched) + ")";
        return new ProdguardException(code, "restore into " + plan.targetDb() + " stopped: " + why + "; " + what
                + "; its marker " + RestoreMarker.COLLECTION + " stays until a restore into it completes: run the restore"
                + " again with --force, or drop database " + plan.targetDb()
                + (safety == null ? "" : "; its previous content is in safety snapshot " + safety), cause);
    }

    private static String preview(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }
}
