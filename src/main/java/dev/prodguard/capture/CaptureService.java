package dev.prodguard.capture;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.OperationLock;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.ProgressListener;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.snapshot.SnapshotResult;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.text.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Continuous capture of one database, as {@code prodguard capture} and the guardian run it: takes the
 * {@code capture:<db>} lock, probes the best path, resumes from the last committed position, takes a
 * first snapshot (overlapping capture) when no snapshot is anchored in the current history, commits
 * segments at the commit interval, reconnects with backoff when the database goes away, and records a
 * gap plus a new snapshot when the server no longer holds the history after the committed position.
 */
public final class CaptureService {
    /** Opens the change source for a probe result at a position (tests wrap it to force failures). */
    public interface SourceOpener {
        ChangeSource open(CaptureProbe probe, ProbeResult result, CapturePosition from);
    }

    /** Waits; production sleeps. */
    public interface Pause {
        /** Real time: what `prodguard capture` and anything else capturing in real time uses. */
        Pause SLEEP = d -> Thread.sleep(d.toMillis());

        void pause(Duration d) throws InterruptedException;
    }

    /**
     * Timing of capture: commit and heartbeat intervals, idle poll, lock staleness, reconnect backoff cap,
     * and how often an idle database still gets a segment (between them only the capture tip advances).
     */
    public record Timing(Duration commitInterval, Duration heartbeatInterval, Duration idlePoll, Duration lockStaleAfter,
            Duration maxBackoff, Duration idleSegmentEvery) {
        /** The timing with idle segments every {@link SegmentWriter#DEFAULT_IDLE_SEGMENT_EVERY}. */
        public Timing(Duration commitInterval, Duration heartbeatInterval, Duration idlePoll, Duration lockStaleAfter,
                Duration maxBackoff) {
            this(commitInterval, heartbeatInterval, idlePoll, lockStaleAfter, maxBackoff, SegmentWriter.DEFAULT_IDLE_SEGMENT_EVERY);
        }

        /** 500 ms commits, 1 s heartbeat, 50 ms idle polls, 60 s stale lock, backoff up to 10 s, idle segments every 5 min. */
        public static Timing defaults() {
            return new Timing(SegmentWriter.DEFAULT_COMMIT_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(50),
                    Duration.ofSeconds(60), Duration.ofSeconds(10));
        }

        /**
         * The timing the configuration asks for, the one derivation shared by {@code capture} and the guardian:
         * commit and heartbeat intervals from their keys, and reconnects no slower than the capture-stopped alert
         * threshold, so a short outage resolves soon after the database is back (checked against their bounds at load).
         */
        public static Timing from(Settings s) {
            long alertAfter = s.longValue(ConfigKey.CAPTURE_STOPPED_AFTER);
            Timing d = defaults();
            return new Timing(Duration.ofMillis(s.intValue(ConfigKey.CAPTURE_COMMIT_INTERVAL)),
                    Duration.ofMillis(s.intValue(ConfigKey.CAPTURE_HEARTBEAT_INTERVAL)), d.idlePoll(),
                    d.lockStaleAfter(), Duration.ofSeconds(Math.min(10, Math.max(1, alertAfter))), d.idleSegmentEvery());
        }

        public Timing withCommitInterval(Duration d) {
            return new Timing(d, heartbeatInterval, idlePoll, lockStaleAfter, maxBackoff, idleSegmentEvery);
        }

        public Timing withHeartbeatInterval(Duration d) {
            return new Timing(commitInterval, d, idlePoll, lockStaleAfter, maxBackoff, idleSegmentEvery);
        }

        public Timing withIdleSegmentEvery(Duration d) {
            return new Timing(commitInterval, heartbeatInterval, idlePoll, lockStaleAfter, maxBackoff, d);
        }
    }

    /** What one run did. */
    /**
     * What one run did; {@code unreachableSince} is set when it ended while the database was unreachable
     * (changes after the last committed position are then not captured yet).
     */
    public record Summary(String path, long events, long segments, String snapshotId, int gaps, int reconnects,
            Instant unreachableSince) {}

    private final MongoClient client;
    private final Repository repo;
    private final String db;
    private final Timing timing;
    private final SnapshotOptions snapshotOptions;
    private final Clock clock;
    private final Pause pause;
    private SourceOpener opener = CaptureProbe::openSource;
    private Consumer<String> log = s -> {};
    private CaptureState state;
    private Instant stateWrittenAt = Instant.EPOCH;
    private long segments;
    private int gaps;
    private int reconnects;
    private String snapshotId;
    private HistoryMarker marker;
    private SchemaWatch schema;

    public CaptureService(MongoClient client, Repository repo, String db, Timing timing, SnapshotOptions snapshotOptions,
            Clock clock, Pause pause) {
        this.client = client;
        this.repo = repo;
        this.db = db;
        this.timing = timing;
        this.snapshotOptions = snapshotOptions;
        this.clock = clock;
        this.pause = pause;
    }

    /** Replaces how sources are opened (tests: force lost history). */
    public CaptureService opener(SourceOpener o) {
        this.opener = o;
        return this;
    }

    /** Where progress lines go (the CLI prints them). */
    public CaptureService log(Consumer<String> l) {
        this.log = l;
        return this;
    }

    /**
     * Captures until {@code stop} says so, then commits what it holds.
     *
     * @throws ProdguardException LOCKED when another capture runs; NOT_SUPPORTED when the server has no
     *     usable change stream; STORAGE/REPOSITORY when segments cannot be written
     */
    public Summary run(BooleanSupplier stop) throws InterruptedException {
        try (OperationLock lock = repo.lock("capture:" + db, "capture", timing.lockStaleAfter(), clock)) {
            if (lock.takeoverNotice() != null) {
                log.accept(lock.takeoverNotice());
            }
            CaptureProbe probe = new CaptureProbe(client, db, clock, Duration.ofSeconds(3), timing.idlePoll(), pause::pause);
            ProbeResult result = probeWithRetry(probe, stop);
            if (result == null) {
                return new Summary(null, 0, 0, null, 0, reconnects, clock.instant());
            }
            if (result.path() == CapturePath.NONE) {
                throw new ProdguardException(ErrorCode.NOT_SUPPORTED, "cannot capture changes of " + db + ": " + result.reason());
            }
            log.accept("capture path: " + result.path().label() + " (" + result.reason() + ")");
            state = new CaptureState(db, result.path().label(), result.reason(), "running", null, null, null, null, clock.instant());
            writeState(true);
            try (SegmentWriter writer = SegmentWriter.resume(repo, db, result.path().label(), clock, timing.commitInterval(),
                    timing.idleSegmentEvery())) {
                writer.indexes(result.indexEvents() ? SegmentManifest.INDEXES_EVENTS : SegmentManifest.INDEXES_LISTED);
                return loop(lock, probe, result, writer.guard(lock::ensureHeld), stop);
            } finally {
                state = state.with("stopped", null, clock.instant());
                if (holds(lock)) { // after losing the lock, the state record is the new holder's
                    writeState(true);
                }
            }
        }
    }

    private Summary loop(OperationLock lock, CaptureProbe probe, ProbeResult result, SegmentWriter writer, BooleanSupplier stop)
            throws InterruptedException {
        Heartbeat heartbeat = new Heartbeat(client.getDatabase(db), clock, timing.heartbeatInterval());
        marker = new HistoryMarker(client.getDatabase(db), repo, clock);
        ContinuityCheck continuity = new ContinuityCheck(marker, clock);
        ChangeSource source = open(probe, result, writer, stop);
        if (source == null) {
            return summary(result, 0, clock.instant());
        }
        schema = result.indexEvents() ? null : new SchemaWatch(client.getDatabase(db), clock, SchemaWatch.DEFAULT_EVERY);
        CaptureRunner runner = new CaptureRunner(source, writer, heartbeat).schema(schema);
        long events = 0;
        boolean needSnapshot = !CaptureHistory.load(repo, db).currentRunHasSnapshot();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "capture-snapshot-" + db);
            t.setDaemon(true);
            return t;
        });
        Future<SnapshotResult> snapshot = null;
        SegmentManifest anchor = null;
        try {
            while (!stop.getAsBoolean()) {
                try {
                    if (needSnapshot && snapshot == null) {
                        committed(runner.flush());
                        anchor = SegmentReader.newest(repo, db);
                        if (anchor != null && writer.committedPosition() != null && anchor.seq() > lastGapSeq()) {
                            log.accept("no snapshot covers the captured history yet: taking one (capture keeps running)");
                            snapshot = pool.submit(() -> new SnapshotService(client, repo, snapshotOptions, clock).take(db, ProgressListener.NONE));
                        }
                    }
                    long before = runner.eventsCaptured();
                    long tips = writer.tipWrites();
                    continuity.before(runner, heartbeat, writer.committedPosition() != null);
                    SegmentManifest m = runner.step();
                    continuity.after(runner, heartbeat);
                    if (m != null) {
                        lock.ensureHeld();
                        committed(m);
                    } else if (writer.tipWrites() != tips) {
                        tipAdvanced(writer.newestSeq(), writer.lastCommitAt());
                    }
                    if (snapshot != null && snapshot.isDone()) {
                        SnapshotResult r = snapshotResult(snapshot);
                        repo.writeManifest(SnapshotAnchor.KIND, r.id(), new SnapshotAnchor(r.id(), db, anchor.seq(),
                                anchor.position().clusterTime()).toJson());
                        snapshotId = r.id();
                        log.accept("snapshot " + r.id() + " taken (" + r.documents() + " document(s)); point-in-time restore"
                                + " is possible from " + Instants.human(clock.instant()));
                        snapshot = null;
                        needSnapshot = false;
                    }
                    if (runner.eventsCaptured() == before) {
                        pause.pause(timing.idlePoll());
                    }
                } catch (HistoryLostException e) {
                    events += runner.eventsCaptured();
                    committed(safeCommit(writer));
                    source.close();
                    recordGap(writer, e.getMessage());
                    source = openFresh(probe, result, stop);
                    if (source == null) {
                        break;
                    }
                    if (schema != null) {
                        schema.reset(); // a new history: record every collection's indexes again
                    }
                    runner = new CaptureRunner(source, writer, heartbeat).schema(schema);
                    continuity.checkSoon();
                    needSnapshot = true;
                    if (snapshot != null) {
                        snapshot.cancel(true);
                        snapshot = null;
                    }
                } catch (MongoException | ProdguardException e) {
                    if (e instanceof ProdguardException pe && pe.code() != ErrorCode.CONNECTION) {
                        throw pe;
                    }
                    events += runner.eventsCaptured();
                    committed(safeCommit(writer));
                    source.close();
                    log.accept("lost the database (" + ConnectionProblem.describe(e) + "); committed up to the last event"
                            + " received, reconnecting");
                    Instant lostAt = clock.instant();
                    source = reopen(probe, result, writer, stop);
                    if (source == null) {
                        return summary(result, events, lostAt);
                    }
                    reconnects++;
                    log.accept("reconnected to " + db + "; checking that it still holds the same history, then resuming"
                            + " after the last committed position");
                    runner = new CaptureRunner(source, writer, heartbeat).schema(schema);
                    continuity.checkSoon();
                }
            }
            finalDrain(runner);
            events += runner.eventsCaptured();
            committed(runner.flush());
            return summary(result, events, null);
        } finally {
            pool.shutdownNow();
            if (source != null) { // null when stopped while reconnecting
                source.close();
            }
        }
    }

    /**
     * Before the last commit on stop: waits (bounded, about 5 s) until a heartbeat written now comes back
     * through the stream, so that every change acknowledged before the stop is in the last segment.
     */
    private void finalDrain(CaptureRunner runner) throws InterruptedException {
        int maxPolls = (int) Math.max(20, Duration.ofSeconds(5).toMillis() / Math.max(1, timing.idlePoll().toMillis()));
        try {
            if (!runner.drain(maxPolls, timing.idlePoll(), pause::pause, this::committed)) {
                log.accept("stopping: the stream did not deliver a final heartbeat in time; committed what was received");
            }
        } catch (MongoException | ProdguardException e) {
            if (e instanceof ProdguardException pe && pe.code() != ErrorCode.CONNECTION) {
                throw pe;
            }
            log.accept("stopping: the database is unreachable (" + ConnectionProblem.describe(e) + "); committed what was received");
        }
    }

    private Summary summary(ProbeResult result, long events, Instant unreachableSince) {
        return new Summary(result.path().label(), events, segments, snapshotId, gaps, reconnects, unreachableSince);
    }

    private SnapshotResult snapshotResult(Future<SnapshotResult> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProdguardException pe) {
                throw new ProdguardException(pe.code(), "capture could not take its first snapshot: " + pe.getMessage(), pe);
            }
            throw new ProdguardException(ErrorCode.INTERNAL, "capture could not take its first snapshot: " + e.getCause(), e.getCause());
        }
    }

    /** Opens the source from the committed position; on lost history records a gap and starts from now. */
    private ChangeSource open(CaptureProbe probe, ProbeResult result, SegmentWriter writer, BooleanSupplier stop)
            throws InterruptedException {
        try {
            return reopen(probe, result, writer, stop);
        } catch (HistoryLostException e) {
            recordGap(writer, e.getMessage());
            return openFresh(probe, result, stop);
        }
    }

    private ChangeSource openFresh(CaptureProbe probe, ProbeResult result, BooleanSupplier stop) throws InterruptedException {
        return withBackoff(stop, () -> opener.open(probe, result, null));
    }

    private ChangeSource reopen(CaptureProbe probe, ProbeResult result, SegmentWriter writer, BooleanSupplier stop)
            throws InterruptedException {
        return withBackoff(stop, () -> opener.open(probe, result, writer.committedPosition()));
    }

    private ProbeResult probeWithRetry(CaptureProbe probe, BooleanSupplier stop) throws InterruptedException {
        return withBackoff(stop, probe::probe);
    }

    private interface Attempt<T> {
        T get();
    }

    /** Retries on connection errors, 250 ms doubling up to the cap; null when stopped meanwhile. */
    private <T> T withBackoff(BooleanSupplier stop, Attempt<T> attempt) throws InterruptedException {
        Duration wait = Duration.ofMillis(250);
        boolean failed = false;
        while (!stop.getAsBoolean()) {
            try {
                T t = attempt.get();
                if (failed && state != null) {
                    state = state.with("running", null, clock.instant());
                    writeState(true);
                }
                return t;
            } catch (HistoryLostException e) {
                throw e;
            } catch (MongoException | ProdguardException e) {
                if (e instanceof ProdguardException pe && pe.code() != ErrorCode.CONNECTION) {
                    throw pe;
                }
                if (!failed && state != null) {
                    state = state.with("reconnecting", ConnectionProblem.describe(e), clock.instant());
                    writeState(true);
                }
                failed = true;
                pause.pause(wait);
                wait = wait.multipliedBy(2).compareTo(timing.maxBackoff()) > 0 ? timing.maxBackoff() : wait.multipliedBy(2);
            }
        }
        return null;
    }

    private static boolean holds(OperationLock lock) {
        try {
            lock.ensureHeld();
            return true;
        } catch (ProdguardException e) {
            return false;
        }
    }

    private SegmentManifest safeCommit(SegmentWriter writer) {
        return writer.commit();
    }

    private void recordGap(SegmentWriter writer, String reason) {
        SegmentManifest last = SegmentReader.newest(repo, db);
        CapturePosition p = writer.committedPosition();
        Instant fromTime = p == null || p.clusterTime() == null ? null : Instant.ofEpochSecond(p.clusterTime().getTime());
        GapManifest gap = new GapManifest(db, last == null ? 0 : last.seq(), p == null ? null : p.clusterTime(), fromTime,
                clock.instant(), reason, vanished());
        repo.writeManifest(GapManifest.KIND, gap.id(), gap.toJson());
        writer.startFresh();
        gaps++;
        try {
            marker.renew(); // the history that begins now is the one the marker vouches for
        } catch (MongoException e) {
            log.accept("cannot write prodguard's history marker into " + db + " (" + firstLine(e.getMessage())
                    + "); it is written at the next check");
        }
        log.accept("GAP: changes of " + db + " from " + (fromTime == null ? "an unknown time" : fromTime) + " to " + gap.to()
                + " are lost (" + firstLine(reason) + "); the restorable window ends there and a new snapshot starts the next");
    }

    /**
     * The collections that held documents in the newest regular snapshot and are gone or empty now (data that
     * vanished with the lost history); empty when nothing vanished or the database cannot tell.
     */
    private java.util.List<String> vanished() {
        java.util.List<String> out = new java.util.ArrayList<>();
        try {
            dev.prodguard.snapshot.SnapshotManifest last = new dev.prodguard.snapshot.SnapshotCatalog(repo).latest(db);
            if (last == null) {
                return out;
            }
            java.util.Set<String> now = new java.util.HashSet<>();
            client.getDatabase(db).listCollectionNames().into(now);
            for (dev.prodguard.snapshot.CollectionEntry c : last.collections()) {
                if (c.isView() || c.documents() == 0 || dev.prodguard.config.OwnCollections.isOwn(c.name())) {
                    continue;
                }
                if (!now.contains(c.name()) || client.getDatabase(db).getCollection(c.name()).estimatedDocumentCount() == 0) {
                    out.add(c.name());
                }
            }
        } catch (MongoException | ProdguardException e) {
            log.accept("cannot tell whether data of " + db + " vanished (" + firstLine(e.getMessage()) + ")");
        }
        return out;
    }

    private long lastGapSeq() {
        long max = -1;
        for (GapManifest g : CaptureHistory.load(repo, db).gaps()) {
            max = Math.max(max, g.afterSeq());
        }
        return max;
    }

    private void committed(SegmentManifest m) {
        if (m == null) {
            return;
        }
        segments++;
        Duration lag = m.lastWallTime() == null ? null : Duration.between(m.lastWallTime(), m.committedAt());
        state = state.committed(m.seq(), m.committedAt(), lag == null ? null : lag.toMillis(), clock.instant());
        writeState(false);
    }

    /** The idle database's position advanced through the capture tip: status shows it as a commit. */
    private void tipAdvanced(long newestSeq, Instant at) {
        state = state.committed(newestSeq, at, state.lagMillis(), clock.instant());
        writeState(false);
    }

    /** Writes the status record on state changes, and after commits at most every 2 s. */
    private void writeState(boolean force) {
        Instant now = clock.instant();
        if (state == null || (!force && now.isBefore(stateWrittenAt.plusSeconds(2)))) {
            return;
        }
        try {
            repo.putRecord(CaptureState.record(db), state.toJson());
            stateWrittenAt = now;
        } catch (ProdguardException e) {
            log.accept("cannot update the capture status record: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
