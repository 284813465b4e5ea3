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
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.snapshot.Workers;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a restore plan to a database. Refuses a non-empty target unless the plan is forced (then
 * a safety snapshot of the target comes first); checks the stored bytes of every object against
 * their manifest before writing anything (unless the pre-check is off); then data, indexes, views. On failure the error says exactly what
 * the target already holds, so nothing is silently partial.
 */
public final class RestoreExecutor {
    private final MongoClient client;
    private final Repository repo;
    private final RestoreOptions options;
    private final Clock clock;
    private ProgressListener progress = ProgressListener.NONE;
    private ReplayStats replayed = ReplayStats.NONE;

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

    /** What the last {@link #execute} replayed from change segments (point-in-time restores). */
    public ReplayStats replayed() {
        return replayed;
    }

    /** Runs the plan. @throws ProdguardException REFUSED, REPOSITORY, CONNECTION, LOCKED */
    public RestoreResult execute(RestorePlan plan) {
        long start = System.nanoTime();
        String target = plan.targetDb();
        MongoDatabase db = client.getDatabase(target);
        try (OperationLock lock = repo.lock("target:" + target, "restore", options.lockStaleAfter(), clock)) {
            List<String> existing = existing(client, db);
            if (!existing.isEmpty() && !plan.force()) {
                throw ProdguardException.refused("target database " + target + " is not empty (it holds "
                        + existing.size() + " collection(s): " + preview(existing) + "); nothing was written."
                        + " Restore into a new database (the default, or --target-db NEW), or add --force to take a"
                        + " safety snapshot of " + target + " and then replace the restored collections");
            }
            if (options.precheck()) {
                precheck(plan);
            }
            String safety = null;
            if (!existing.isEmpty()) {
                safety = new SnapshotService(client, repo, options.safetySnapshot(), clock)
                        .takeSafety(target, null).id();
            }
            progress.started(plan.documents());
            Map<String, AtomicLong> written = new LinkedHashMap<>();
            plan.collections().forEach(c -> written.put(c.name(), new AtomicLong(-1)));
            try {
                loadAll(db, plan, existing, written);
                for (CollectionEntry v : plan.views()) {
                    if (existing.contains(v.name())) {
                        db.getCollection(v.name()).drop();
                    }
                    CollectionLoader.create(db, v);
                }
                if (!plan.replay().isEmpty()) {
                    replayed = new SegmentReplayer(client, repo).replay(plan);
                }
            } catch (RuntimeException e) {
                throw partial(plan, written, safety, e);
            } finally {
                progress.finished();
            }
            long docs = written.values().stream().mapToLong(AtomicLong::get).sum();
            return new RestoreResult(target, plan.collections().size(), plan.views().size(), docs, plan.rawBytes(),
                    (System.nanoTime() - start) / 1_000_000, safety);
        } catch (MongoException e) {
            ConnectionProblem p = ConnectionProblem.of(e);
            throw new ProdguardException(ErrorCode.CONNECTION, "restore into " + target + " failed: " + p.cause() + "; "
                    + p.remedy(), e);
        }
    }

    private void loadAll(MongoDatabase db, RestorePlan plan, List<String> existing, Map<String, AtomicLong> written) {
        CollectionLoader loader = new CollectionLoader(repo, options, progress);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (CollectionEntry c : plan.collections()) {
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
     * Checks every object of the plan (size and SHA-256 of its stored bytes, which the integrity-checked
     * manifest records) before anything is written; the restore then streams each object once, and
     * that read checks everything again (authentication, zstd checksum, sizes, hash).
     */
    private void precheck(RestorePlan plan) {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (ObjectRef ref : plan.objects()) {
            tasks.add(() -> {
                repo.checkStored(ref);
                return null;
            });
        }
        try {
            runAll(tasks, options.parallelism(), "restore-check");
        } catch (ProdguardException e) {
            throw new ProdguardException(e.code(), "restore refused: " + e.getMessage() + "; nothing was written to "
                    + plan.targetDb(), e);
        }
    }

    private static void runAll(List<Callable<Void>> tasks, int parallelism, String name) {
        Workers.Group<Void> group = Workers.run(tasks, parallelism, name);
        try {
            group.awaitAll();
        } catch (RuntimeException | Error e) {
            group.cancel(30); // the other collections stop before the error is reported
            throw e;
        }
    }

    /** The target's collections; asks for the database list first so that a new database is not created by looking. */
    private static List<String> existing(MongoClient client, MongoDatabase db) {
        List<String> names = new ArrayList<>();
        if (!client.listDatabaseNames().into(new ArrayList<>()).contains(db.getName())) {
            return names;
        }
        for (String n : db.listCollectionNames()) {
            if (!n.startsWith("system.")) {
                names.add(n);
            }
        }
        names.sort(null);
        return names;
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
        String what = touched.isEmpty() ? "nothing was written to it"
                : "it now holds PARTIAL data (" + total + " document(s) in " + preview(touched) + ")";
        return new ProdguardException(code, "restore into " + plan.targetDb() + " stopped: " + why + "; " + what
                + (safety == null ? "; drop database " + plan.targetDb() + " before trying again"
                : "; its previous content is in safety snapshot " + safety), cause);
    }

    private static String preview(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }
}
